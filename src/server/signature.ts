import { createHmac, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../util/hash.js';

/**
 * Webhook signatures, two schemes, each with one or more secrets (several while rotating):
 *
 * - wirekit's own: `X-Wirekit-Signature: sha256=<hex>`, HMAC-SHA256 keyed with the shared secret
 *   (its UTF-8 bytes) over `<timestamp>.<raw body>`, where `<timestamp>` is `X-Wirekit-Timestamp`
 *   (Unix seconds).
 * - Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp`, and
 *   `webhook-signature: v1,<base64>` (several, space-separated), HMAC-SHA256 keyed with the
 *   base64-decoded `whsec_…` secret over `<id>.<timestamp>.<raw body>`.
 *
 * A `whsec_` secret only verifies Standard Webhooks, any other only wirekit's scheme. Timestamps
 * more than `toleranceSeconds` from now are refused; MACs are compared in constant time. Each
 * verified request gets a delivery id, for refusing replays: `webhook-id`, or a digest of
 * wirekit's timestamp and MAC.
 */
export const SIGNATURE_HEADER = 'x-wirekit-signature';
export const TIMESTAMP_HEADER = 'x-wirekit-timestamp';
export const STANDARD_ID_HEADER = 'webhook-id';
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp';
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;
export const STANDARD_SECRET_PREFIX = 'whsec_';
/** Shortest secret accepted, in bytes (128 bits). */
export const MIN_SECRET_BYTES = 16;
/** Longest `webhook-id` kept (the spec does not bound it; ids are remembered for replays). */
export const MAX_DELIVERY_ID_LENGTH = 256;
/** At most this many `v1,` signatures are tried per request. */
const MAX_SIGNATURES = 16;

export interface WebhookSecrets {
  /** Keys of wirekit's scheme (UTF-8 bytes of each secret). */
  wirekit: Buffer[];
  /** Keys of Standard Webhooks (each `whsec_` secret, base64-decoded). */
  standard: Buffer[];
}

/**
 * Secrets from configuration: a list, or one string of whitespace-separated secrets (the form of
 * `WIREKIT_WEBHOOK_SECRET`). Problems name the secret by position, never by value.
 */
export function parseSecrets(given: string | readonly string[] | undefined): { secrets: WebhookSecrets; problems: string[] } {
  const list = given === undefined ? [] : typeof given === 'string' ? given.split(/\s+/) : given.flatMap((item) => item.split(/\s+/));
  const secrets: WebhookSecrets = { wirekit: [], standard: [] };
  const problems: string[] = [];
  list
    .filter((item) => item !== '')
    .forEach((secret, index) => {
      const which = `secret ${index + 1}`;
      if (secret.startsWith(STANDARD_SECRET_PREFIX)) {
        const encoded = secret.slice(STANDARD_SECRET_PREFIX.length);
        const key = Buffer.from(encoded, 'base64');
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0 || key.toString('base64') !== encoded) {
          problems.push(`${which} (whsec_…): expected base64 after "whsec_", found other characters`);
        } else if (key.length < MIN_SECRET_BYTES) {
          problems.push(`${which} (whsec_…): expected at least ${MIN_SECRET_BYTES} bytes of key (24 to 64 recommended), found ${key.length}`);
        } else secrets.standard.push(key);
      } else {
        const key = Buffer.from(secret, 'utf8');
        if (key.length < MIN_SECRET_BYTES) problems.push(`${which}: expected at least ${MIN_SECRET_BYTES} characters, found ${key.length}`);
        else secrets.wirekit.push(key);
      }
    });
  return { secrets, problems };
}

export function signWebhook(secret: string, timestamp: number | string, body: Uint8Array | string): string {
  return `sha256=${hmac(Buffer.from(secret, 'utf8'), `${timestamp}.`, body).toString('hex')}`;
}

/** A Standard Webhooks `webhook-signature` value (`v1,<base64>`) for a `whsec_` secret. */
export function signStandardWebhook(secret: string, id: string, timestamp: number | string, body: Uint8Array | string): string {
  const key = Buffer.from(secret.startsWith(STANDARD_SECRET_PREFIX) ? secret.slice(STANDARD_SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${hmac(key, `${id}.${timestamp}.`, body).toString('base64')}`;
}

function hmac(key: Buffer, prefix: string, body: Uint8Array | string): Buffer {
  return createHmac('sha256', key).update(prefix).update(body).digest();
}

export type SignatureFailure = 'missing-signature' | 'missing-timestamp' | 'missing-id' | 'stale-timestamp' | 'bad-signature' | 'no-secret-for-scheme';
export type SignatureCheck =
  | { ok: true; scheme: 'wirekit' | 'standard'; deliveryId: string; timestamp: number }
  | { ok: false; code: SignatureFailure; message: string; scheme: 'wirekit' | 'standard' };

export interface RequestSignatureInput {
  secrets: WebhookSecrets;
  headers: Headers;
  body: Uint8Array;
  /** Now, in milliseconds. */
  now: number;
  toleranceSeconds?: number;
}

/** Verifies a request by the scheme its headers use (Standard Webhooks when it has `webhook-signature`). */
export function verifyRequest(input: RequestSignatureInput): SignatureCheck {
  const { headers } = input;
  if (headers.has(STANDARD_SIGNATURE_HEADER) || headers.has(STANDARD_ID_HEADER)) {
    return verifyStandard(input);
  }
  const signature = headers.get(SIGNATURE_HEADER);
  if (signature === null && !headers.has(TIMESTAMP_HEADER)) {
    return { ok: false, scheme: 'wirekit', code: 'missing-signature', message: 'Expected a signed request: X-Wirekit-Signature and X-Wirekit-Timestamp, or the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature' };
  }
  const timestamp = checkTimestamp(headers.get(TIMESTAMP_HEADER), 'X-Wirekit-Timestamp', input);
  if (typeof timestamp !== 'number') return { ...timestamp, scheme: 'wirekit' };
  const given = /^sha256=([0-9a-fA-F]{64})$/.exec(signature?.trim() ?? '');
  if (!given?.[1]) {
    return { ok: false, scheme: 'wirekit', code: 'missing-signature', message: 'Expected an X-Wirekit-Signature header of the form sha256=<64 hex digits>' };
  }
  if (input.secrets.wirekit.length === 0) {
    return { ok: false, scheme: 'wirekit', code: 'no-secret-for-scheme', message: 'X-Wirekit-Signature cannot be checked: the server has only Standard Webhooks (whsec_…) secrets' };
  }
  const actual = Buffer.from(given[1], 'hex');
  const prefix = `${headers.get(TIMESTAMP_HEADER)!.trim()}.`;
  for (const key of input.secrets.wirekit) {
    const expected = hmac(key, prefix, input.body);
    // Both are 32 bytes, so timingSafeEqual never throws on length.
    if (timingSafeEqual(expected, actual)) {
      // The MAC as computed, not as sent: hex in another case is the same delivery.
      return { ok: true, scheme: 'wirekit', timestamp, deliveryId: `wirekit:${sha256(`${prefix}${expected.toString('hex')}`)}` };
    }
  }
  return { ok: false, scheme: 'wirekit', code: 'bad-signature', message: 'X-Wirekit-Signature does not match the body: expected HMAC-SHA256 of "<timestamp>.<body>" with the shared secret' };
}

function verifyStandard(input: RequestSignatureInput): SignatureCheck {
  const { headers } = input;
  const id = headers.get(STANDARD_ID_HEADER);
  // Printable ASCII without spaces (the spec's ids are like msg_2KWPBgLlAfxdpx2AI54pPJ85f4W).
  if (id === null || id.length === 0 || id.length > MAX_DELIVERY_ID_LENGTH || !/^[\x21-\x7e]+$/.test(id)) {
    return { ok: false, scheme: 'standard', code: 'missing-id', message: `Expected a webhook-id header of 1 to ${MAX_DELIVERY_ID_LENGTH} printable ASCII characters, found ${id === null ? 'none' : `${id.length} characters`}` };
  }
  const timestamp = checkTimestamp(headers.get(STANDARD_TIMESTAMP_HEADER), 'webhook-timestamp', input);
  if (typeof timestamp !== 'number') return { ...timestamp, scheme: 'standard' };
  const given = (headers.get(STANDARD_SIGNATURE_HEADER) ?? '')
    .split(' ')
    .flatMap((part) => {
      const match = /^v1,([A-Za-z0-9+/]{43}=)$/.exec(part);
      return match?.[1] ? [Buffer.from(match[1], 'base64')] : [];
    })
    .slice(0, MAX_SIGNATURES);
  if (given.length === 0) {
    return { ok: false, scheme: 'standard', code: 'missing-signature', message: 'Expected a webhook-signature header with at least one "v1,<base64 HMAC-SHA256>" signature' };
  }
  if (input.secrets.standard.length === 0) {
    return { ok: false, scheme: 'standard', code: 'no-secret-for-scheme', message: 'webhook-signature cannot be checked: the server has no Standard Webhooks secret (whsec_…)' };
  }
  const prefix = `${id}.${headers.get(STANDARD_TIMESTAMP_HEADER)!.trim()}.`;
  for (const key of input.secrets.standard) {
    const expected = hmac(key, prefix, input.body);
    for (const signature of given) {
      if (timingSafeEqual(expected, signature)) return { ok: true, scheme: 'standard', timestamp, deliveryId: `standard:${id}` };
    }
  }
  return { ok: false, scheme: 'standard', code: 'bad-signature', message: 'No webhook-signature matches the body: expected v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>"> with a whsec_ secret' };
}

function checkTimestamp(value: string | null, header: string, input: RequestSignatureInput): number | { ok: false; code: 'missing-timestamp' | 'stale-timestamp'; message: string } {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (value === null || !/^\d{1,12}$/.test(value.trim())) {
    return { ok: false, code: 'missing-timestamp', message: `Expected a ${header} header with the Unix time in seconds` };
  }
  const timestamp = Number(value.trim());
  const skew = Math.abs(input.now / 1000 - timestamp);
  if (skew > tolerance) {
    return { ok: false, code: 'stale-timestamp', message: `${header} is ${Math.round(skew)} s away from the server's clock: expected at most ${tolerance} s` };
  }
  return timestamp;
}

/** wirekit's scheme alone, one secret (kept for library callers). */
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
  const headers = new Headers();
  if (input.signature !== null) headers.set(SIGNATURE_HEADER, input.signature);
  if (input.timestamp !== null) headers.set(TIMESTAMP_HEADER, input.timestamp);
  return verifyRequest({
    secrets: { wirekit: [Buffer.from(input.secret, 'utf8')], standard: [] },
    headers,
    body: input.body,
    now: input.now,
    ...(input.toleranceSeconds === undefined ? {} : { toleranceSeconds: input.toleranceSeconds }),
  });
}
