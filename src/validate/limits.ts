/**
 * Bounds that keep validation of a stranger's file cheap and safe. Every parser in this folder
 * checks them and stops with one diagnostic when a bound is passed, instead of working on.
 */
export interface Limits {
  /** Largest input accepted, in bytes (UTF-8) or UTF-16 code units for text given in memory. */
  maxBytes: number;
  /** Deepest element / object / array nesting. */
  maxDepth: number;
  /** Most attributes on one XML element. */
  maxAttributes: number;
  /** Most XML elements or JSON values in one document. */
  maxNodes: number;
  /** Most diagnostics kept for one file; the rest are counted in one last message. */
  maxDiagnostics: number;
  /**
   * Largest feed (RSS, Atom, JSON Feed) that is not flagged, in UTF-8 bytes: the W3C Feed
   * Validation Service refuses longer ones (its MAXDATALENGTH) and aggregators cut or drop them.
   */
  feedBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBytes: 32 * 1024 * 1024,
  maxDepth: 256,
  maxAttributes: 512,
  maxNodes: 2_000_000,
  maxDiagnostics: 500,
  feedBytes: 5_000_000,
});

export const resolveLimits = (limits: Partial<Limits> = {}): Limits => ({ ...DEFAULT_LIMITS, ...limits });
