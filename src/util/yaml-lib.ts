import { createRequire } from 'node:module';

type YamlLibrary = typeof import('yaml');

const require = createRequire(import.meta.url);
let library: YamlLibrary | undefined;

/**
 * The `yaml` package, loaded the first time something needs it. Front matter of plain fields is
 * read and written without it (`simple-yaml.ts`), so a build worker rarely does; loading it took
 * ~0.1 s of every worker's start. `yaml` is CommonJS, so `require` can load it synchronously.
 */
export function yamlLibrary(): YamlLibrary {
  library ??= require('yaml') as YamlLibrary;
  return library;
}
