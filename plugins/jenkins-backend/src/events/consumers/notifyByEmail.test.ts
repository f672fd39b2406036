import notificationsBackend from '@backstage/plugin-notifications-backend';
import emailModule from '@backstage/plugin-notifications-backend-module-email';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  JenkinsTestBackend,
  jobIdOf,
  startJenkinsTestBackend,
} from '../../__testUtils__/JenkinsTestBackend';
import { notification } from '../../__testUtils__/notificationBody';

jest.setTimeout(60_000);

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps every message it is given. */
async function startSmtpServer() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', chunk => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : '',
          to: session.envelope.rcptTo.map(r => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Quoted-printable soft line breaks and escapes undone, enough to read a link. */
function decoded(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
}

/** The bytes of an RFC 2047 `Q` encoded word: `_` a space, `=XX` a byte. */
function qWordBytes(word: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < word.length; i++) {
    if (word[i] === '_') {
      bytes.push(0x20);
    } else if (word[i] === '=') {
      bytes.push(parseInt(word.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(word.charCodeAt(i));
    }
  }
  return bytes;
}

/** The Subject header, unfolded, its UTF-8 `Q` encoded words decoded. */
function subjectOf(raw: string): string {
  const header = raw
    .split(/\r?\n\r?\n/)[0]
    .replace(/\r?\n[ \t]/g, ' ')
    .split(/\r?\n/)
    .find(line => line.startsWith('Subject: '));
  const value = (header ?? '').slice('Subject: '.length);
  // Whitespace between adjacent encoded words is not part of the text.
  const words = [...value.matchAll(/=\?UTF-8\?Q\?([^?]*)\?=/gi)];
  return words.length
    ? Buffer.from(words.flatMap(w => qWordBytes(w[1]))).toString('utf8')
    : value;
}

async function eventually<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}

describe('build notifications by email', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let jenkins: JenkinsTestBackend;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    jenkins = await startJenkinsTestBackend({
      features: [notificationsBackend, emailModule],
      config: {
        app: { baseUrl: 'http://portal.example.com' },
        notifications: {
          processors: {
            email: {
              transportConfig: {
                transport: 'smtp',
                hostname: '127.0.0.1',
                port: smtp.port,
                secure: false,
                requireTls: false,
              },
              sender: 'backstage@example.com',
            },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await jenkins?.close();
    await smtp?.close();
  });

  it("mails team-payments when payments-service's main build fails, with a link to the build in the portal", async () => {
    const job = 'payments/payments-service/main';
    await jenkins.sendBuildEvent(notification(job, 31, 'STARTED')).expect(202);
    await jenkins
      .sendBuildEvent(notification(job, 31, 'COMPLETED', 'FAILURE'))
      .expect(202);

    // team-payments' only member is alice (examples/org.yaml).
    const mail = await eventually(() =>
      smtp.mails.find(m => m.to.includes('alice@example.com')),
    );
    const text = decoded(mail.raw);
    expect(mail.from).toBe('backstage@example.com');
    expect(subjectOf(mail.raw)).toBe('payments-service » main #31 failed');
    expect(text).toContain(
      `http://portal.example.com/catalog/default/component/payments-service/jenkins?job=${jobIdOf(
        job,
      )}&build=31`,
    );
    // Only the failure is mailed: a start of a build that is not a
    // production deploy tells nobody.
    expect(smtp.mails).toHaveLength(1);
  });
});
