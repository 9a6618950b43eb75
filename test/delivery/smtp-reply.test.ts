import { classifyMailFailure } from '../../domain/delivery/smtp-reply';

/** Replies as real servers write them (Postfix, Exchange, Gmail), and nodemailer's codes for what came before a reply. */
describe('reading a mail server refusal', () => {
  it.each([
    ['452 4.2.2 Mailbox full', 452, 'EENVELOPE'],
    ['451 4.3.0 Temporary lookup failure', 451, 'EMESSAGE'],
    ['450 4.2.0 <a@b.vn>: Recipient address rejected: greylisted', 450, 'EENVELOPE'],
  ])('reads "%s" as temporary: only that mail waits', (response, responseCode, code) => {
    expect(classifyMailFailure({ response, responseCode, code }).kind).toBe('temporary');
  });

  it.each([
    ['550 5.1.1 <old-head@skhcn.example>: Recipient address rejected: User unknown in local recipient table', 550],
    ['550 5.2.1 The email account that you tried to reach is disabled', 550],
    ['553 5.1.3 Invalid recipient address', 553],
    ['551 User not local; please try <x@y.vn>', 551],
    ['550 Requested action not taken: mailbox unavailable', 550],
  ])('reads "%s" as the recipient\'s: the office must fix the address', (response, responseCode) => {
    expect(classifyMailFailure({ response, responseCode, code: 'EENVELOPE' }).kind).toBe('recipient');
  });

  it.each([
    ['554 5.7.1 <x@y.vn>: Relay access denied', 554, 'EENVELOPE'],
    ['550 5.7.1 Unable to relay', 550, 'EENVELOPE'],
    ['535 5.7.8 Error: authentication failed', 535, 'EAUTH'],
    ['530 5.7.0 Must issue a STARTTLS command first', 530, 'EENVELOPE'],
    ['550 Relaying denied', 550, 'EENVELOPE'],
    ['421 4.3.2 Service not available, closing transmission channel', 421, 'EMESSAGE'],
    ['553 5.1.8 Sender address rejected: Domain not found', 553, 'EENVELOPE'],
  ])('reads "%s" as the sending side\'s: nothing is marked rejected', (response, responseCode, code) => {
    expect(classifyMailFailure({ response, responseCode, code }).kind).toBe('server');
  });

  it('reads a refused connection as the server being unreachable, and keeps its words for the office', () => {
    expect(classifyMailFailure({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:2525' })).toEqual({ kind: 'server', reason: 'connect ECONNREFUSED 127.0.0.1:2525' });
  });

  it('reads a timeout without a reply as temporary', () => {
    expect(classifyMailFailure({ message: 'Greeting never received' }).kind).toBe('temporary');
  });
});
