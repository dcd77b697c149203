/**
 * The TLS facts of an https endpoint: whether Node trusts the certificate (and if not, why), the
 * protocol, who issued it and when it expires. Connects with verification off so that an
 * untrusted certificate can still be described; the verdict comes from `authorized`.
 */
import { connect, type PeerCertificate } from 'node:tls';

export interface TlsProbe {
  host: string;
  port: number;
  connected: boolean;
  /** Node's verdict with its default trust store (plus NODE_EXTRA_CA_CERTS). */
  authorized: boolean;
  authorizationError?: string;
  protocol?: string;
  subject?: string;
  issuer?: string;
  validTo?: Date;
  daysLeft?: number;
  error?: string;
}

function commonName(part: PeerCertificate['subject'] | undefined): string | undefined {
  const value = part?.CN ?? part?.O;
  return Array.isArray(value) ? value.join(', ') : value;
}

export function probeTls(host: string, port: number, timeoutMs = 8000, now = Date.now()): Promise<TlsProbe> {
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const finish = (result: TlsProbe) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      finish({ host, port, connected: false, authorized: false, error: `${timeoutMs / 1000} 秒内未完成 TLS 握手` }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ host, port, connected: false, authorized: false, error: `${error.code ?? ''} ${error.message}`.trim() }),
    );
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      const validTo = certificate.valid_to ? new Date(certificate.valid_to) : undefined;
      finish({
        host,
        port,
        connected: true,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        protocol: socket.getProtocol() ?? undefined,
        subject: commonName(certificate.subject),
        issuer: commonName(certificate.issuer),
        validTo,
        daysLeft: validTo ? Math.floor((validTo.getTime() - now) / 86_400_000) : undefined,
      });
    });
  });
}
