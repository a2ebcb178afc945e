// `node --import=./test/setup/typescript.mjs`: registers typescript-hooks.mjs (see there why).
import { register } from 'node:module'

register('./typescript-hooks.mjs', import.meta.url)
