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
  close(): Promise<void>;
}

export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const state: LoopbackSmtp = { port: 0, mails: [], refuse: false, refuseCode: 451, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
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
