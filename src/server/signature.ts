import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `X-Wirekit-Signature: sha256=<hex>` is HMAC-SHA256, keyed with the shared
 * secret, over `<timestamp>.<raw body bytes>`, where `<timestamp>` is the `X-Wirekit-Timestamp`
 * header (Unix seconds). Signing the timestamp with the body stops an old request being replayed
 * with a fresh timestamp; requests more than `toleranceSeconds` away from now are refused.
 */
export const SIGNATURE_HEADER = 'x-wirekit-signature';
export const TIMESTAMP_HEADER = 'x-wirekit-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: number | string, body: Uint8Array | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; code: 'missing-signature' | 'missing-timestamp' | 'stale-timestamp' | 'bad-signature'; message: string };

export interface SignatureInput {
  secret: string;
  signature: string | null;
  timestamp: string | null;
  body: Uint8Array;
  /** Now, in milliseconds. */
  now: number;
  toleranceSeconds?: number;
}

export function verifyWebhook(input: SignatureInput): SignatureCheck {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (input.timestamp === null || !/^\d{1,12}$/.test(input.timestamp.trim())) {
    return { ok: false, code: 'missing-timestamp', message: 'Expected an X-Wirekit-Timestamp header with the Unix time in seconds' };
  }
  const timestamp = Number(input.timestamp.trim());
  const skew = Math.abs(input.now / 1000 - timestamp);
  if (skew > tolerance) {
    return { ok: false, code: 'stale-timestamp', message: `X-Wirekit-Timestamp is ${Math.round(skew)} s away from the server's clock: expected at most ${tolerance} s` };
  }
  const given = /^sha256=([0-9a-fA-F]{64})$/.exec(input.signature?.trim() ?? '');
  if (!given?.[1]) {
    return { ok: false, code: 'missing-signature', message: 'Expected an X-Wirekit-Signature header of the form sha256=<64 hex digits>' };
  }
  const expected = Buffer.from(signWebhook(input.secret, input.timestamp.trim(), input.body).slice('sha256='.length), 'hex');
  const actual = Buffer.from(given[1], 'hex');
  // Both are 32 bytes here, so timingSafeEqual never throws on length.
  if (!timingSafeEqual(expected, actual)) {
    return { ok: false, code: 'bad-signature', message: 'X-Wirekit-Signature does not match the body: expected HMAC-SHA256 of "<timestamp>.<body>" with the shared secret' };
  }
  return { ok: true };
}
