import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps every mail, parsed; it can be told to refuse mail for a while. */
export interface LoopbackSmtp {
  port: number;
  mails: ParsedMail[];
  refuse: boolean;
  /** The reply code while refusing: 451 (try later) by default, 550 for a rejected recipient. */
  refuseCode: number;
  /** Replies to RCPT TO for one address (lower case), as a real server words them: "452 4.2.2 Mailbox full". */
  recipientReplies: Map<string, string>;
  /** A reply to MAIL FROM for every message while set: the sending side refused ("554 5.7.1 Relay access denied"). */
  senderReply?: string;
  close(): Promise<void>;
}

/** "452 4.2.2 Mailbox full" → an error smtp-server answers with that code and text. */
function reply(line: string): Error {
  const [code, ...words] = line.split(' ');
  return Object.assign(new Error(words.join(' ')), { responseCode: Number(code) });
}

export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const state: LoopbackSmtp = { port: 0, mails: [], refuse: false, refuseCode: 451, recipientReplies: new Map(), close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      callback(state.senderReply ? reply(state.senderReply) : undefined);
    },
    onRcptTo(address, _session, callback) {
      const answer = state.recipientReplies.get(address.address.toLowerCase());
      callback(answer ? reply(answer) : undefined);
    },
    onData(stream, _session, callback) {
      if (state.refuse) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error(state.refuseCode >= 500 ? 'Hộp thư không tồn tại' : 'Tạm thời không nhận thư'), { responseCode: state.refuseCode })));
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          state.mails.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
