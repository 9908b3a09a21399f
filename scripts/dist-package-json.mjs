// ncc emits ESM; dist/package.json tells Node to load dist/index.js as a module.
import { writeFileSync } from 'node:fs'
writeFileSync(new URL('../dist/package.json', import.meta.url), '{ "type": "module" }\n')
