import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpamAssassin, parseEmail } from '../../../lib/data/spamAssassin';

test('the corpus package ships its five groups with the documented message counts', () => {
  const emails = loadSpamAssassin();
  const counts: Record<string, number> = {};
  for (const e of emails) counts[e.group] = (counts[e.group] ?? 0) + 1;
  assert.deepEqual(counts, { 'easy-ham-1': 2500, 'easy-ham-2': 1400, 'hard-ham-1': 250, 'spam-1': 500, 'spam-2': 1396 });
  assert.ok(emails.every((e) => e.spam === e.group.startsWith('spam')));
  const withText = emails.filter((e) => e.body.length > 20).length;
  assert.ok(withText > emails.length * 0.95, `only ${withText} of ${emails.length} messages have a body`);
  assert.ok(emails.every((e) => !/^Received:/m.test(e.body.slice(0, 200))), 'headers leaked into a body');
});

test('parseEmail takes the (folded) subject, drops headers and strips HTML', () => {
  const raw = 'Received: from x\r\nSubject: Cheap\r\n  pills here\r\nTo: y\r\n\r\n<html><style>p{}</style><p>Buy&nbsp;now</p>\n\n<b>Today</b></html>';
  assert.deepEqual(parseEmail(raw), { subject: 'Cheap pills here', body: 'Buy now Today' });
  assert.deepEqual(parseEmail('Subject: only headers'), { subject: 'only headers', body: '' });
});

test('one group can be read alone, and an unknown group is refused', () => {
  assert.equal(loadSpamAssassin({ groups: ['hard-ham-1'] }).length, 250);
  assert.throws(() => loadSpamAssassin({ groups: ['ham' as never] }), /unknown SpamAssassin group "ham"/);
});
