import { createRequire } from 'node:module';

/** The package's own name and version, read from package.json: the one place a release changes them. */
const manifest = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

/** Who wrote a file: feeds name it, the manifest, NewsML-G2 items and the server's answers name it with its version. */
export const GENERATOR = { name: manifest.name, version: manifest.version, label: `${manifest.name} ${manifest.version}` } as const;
