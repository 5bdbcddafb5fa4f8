import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The schema.org vocabulary (the official `schemaorg-current-https.jsonld`), indexed for the
 * JSON-LD checker: classes with their superclasses, properties with domainIncludes and
 * rangeIncludes, enumeration members, supersededBy. Read from disk once per path.
 */

export interface SchemaClass {
  supers: string[];
  supersededBy?: string;
}

export interface SchemaProperty {
  domains: string[];
  ranges: string[];
  supersededBy?: string;
}

export interface Vocabulary {
  file: string;
  classes: Map<string, SchemaClass>;
  properties: Map<string, SchemaProperty>;
  /** Enumeration member → the enumerations it belongs to. */
  members: Map<string, string[]>;
  /** A class and all its superclasses. */
  ancestors(name: string): ReadonlySet<string>;
}

export const VOCABULARY_FILE = path.join('schemaorg', 'schemaorg-current-https.jsonld');

/** Where the vocabulary is for a schemas folder (layout of ../shared/specs). */
export const vocabularyPath = (schemasDir: string): string => path.join(schemasDir, VOCABULARY_FILE);

const cache = new Map<string, Vocabulary | Error>();

/** Load (cached) the vocabulary at `file`; an Error says why it could not be read. */
export function loadVocabulary(file: string): Vocabulary | Error {
  const cached = cache.get(file);
  if (cached) return cached;
  let result: Vocabulary | Error;
  try {
    if (!existsSync(file)) throw new Error(`${file} does not exist`);
    result = indexVocabulary(file, JSON.parse(readFileSync(file, 'utf8')) as unknown);
  } catch (error) {
    result = error instanceof Error ? error : new Error(String(error));
  }
  cache.set(file, result);
  return result;
}

type Ref = { '@id'?: unknown };

const local = (id: unknown): string | undefined => (typeof id === 'string' && id.startsWith('schema:') ? id.slice(7) : undefined);
const refs = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((item: unknown) => {
    const name = local((item as Ref | null)?.['@id']);
    return name === undefined ? [] : [name];
  });
const types = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : []);

function indexVocabulary(file: string, data: unknown): Vocabulary {
  const graph = (data as { '@graph'?: unknown })['@graph'];
  if (!Array.isArray(graph)) throw new Error(`${file}: expected a JSON-LD document with @graph`);
  const classes = new Map<string, SchemaClass>();
  const properties = new Map<string, SchemaProperty>();
  const members = new Map<string, string[]>();
  for (const raw of graph as Record<string, unknown>[]) {
    const name = local(raw['@id']);
    if (name === undefined) continue;
    const kinds = types(raw['@type']);
    const supersededBy = refs(raw['schema:supersededBy'])[0];
    if (kinds.includes('rdf:Property')) {
      properties.set(name, { domains: refs(raw['schema:domainIncludes']), ranges: refs(raw['schema:rangeIncludes']), ...(supersededBy ? { supersededBy } : {}) });
    } else if (kinds.includes('rdfs:Class')) {
      const supers = refs(raw['rdfs:subClassOf']);
      if (kinds.includes('schema:DataType') && !supers.includes('DataType')) supers.push('DataType');
      classes.set(name, { supers, ...(supersededBy ? { supersededBy } : {}) });
    } else {
      const enumerations = kinds.flatMap((kind) => (local(kind) === undefined ? [] : [local(kind) as string]));
      if (enumerations.length > 0) members.set(name, enumerations);
    }
  }
  const ancestorCache = new Map<string, ReadonlySet<string>>();
  const ancestors = (name: string): ReadonlySet<string> => {
    const cached = ancestorCache.get(name);
    if (cached) return cached;
    const out = new Set<string>();
    const stack = [name];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (out.has(next)) continue;
      out.add(next);
      for (const parent of classes.get(next)?.supers ?? []) stack.push(parent);
    }
    ancestorCache.set(name, out);
    return out;
  };
  return { file, classes, properties, members, ancestors };
}
