import { createRequire } from 'node:module';

// Works from src/ (tests) and dist/ (built CLI): both sit one level below package.json.
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
