import { hash } from 'node:crypto';

/**
 * Hex SHA-256 of bytes or a string (UTF-8): the manifest's hashes, the incremental cache's source
 * keys, the server's ETags. One-shot `crypto.hash`: no Hash object per call (56,000 a build).
 */
export const sha256 = (data: Uint8Array | string): string => hash('sha256', data, 'hex');
