// Compiles src/http/styles/assure.scss into public/assure.css, which is committed so that
// `npm start` needs no build step. test/http/styles.test.ts fails when the two drift apart.
import fs from 'node:fs';
import { compileAssureCss, COMPILED_CSS } from '../src/http/styles/compile.ts';

fs.writeFileSync(COMPILED_CSS, compileAssureCss());
console.log(`wrote ${COMPILED_CSS}`);
