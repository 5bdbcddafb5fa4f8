import type { Diagnostic } from '../util/diagnostics.js';
import type { RenderedOutput } from './render.js';

/**
 * The build's check of what it is about to write: every output goes through here before it
 * reaches `out/`, and an error fails the build. The validator (`src/validate/`) plugs in here.
 */
export interface OutputCheckOptions {
  /** Folder with the official schemas, when available. */
  schemasDir?: string;
}

export async function checkOutputs(outputs: readonly RenderedOutput[], options: OutputCheckOptions = {}): Promise<Diagnostic[]> {
  void outputs;
  void options;
  return [];
}
