// TypeScript, loaded with require. Imported as an ES module, its 9 MB typescript.js is compiled
// twice: once by Node to detect whether it is one (its package says neither), then again as the
// CommonJS it is; about half a second of every frugal command and test process. Types come from
// `import type * as TS from 'typescript'`, which costs nothing at run time.

import { createRequire } from 'node:module';
import type * as TS from 'typescript';

const ts: typeof TS = createRequire(import.meta.url)('typescript');
export default ts;
