// Every resource the service serves. Adding one is a folder beside these, imported and listed here.
import careerFigures from './career-figures/index.js'
import careerWork from './career-work/index.js'
import careers from './careers/index.js'
import changes from './changes/index.js'
import codeLists from './code-lists/index.js'
import compare from './compare/index.js'
import credentials from './credentials/index.js'
import fieldsOfStudy from './fields-of-study/index.js'
import health from './health/index.js'
import programs from './programs/index.js'
import sources from './sources/index.js'
import type { Resource } from './resource.js'

export const resources: Resource[] = [
  health, careers, careerFigures, careerWork, credentials, compare, codeLists, sources, changes, fieldsOfStudy,
  programs,
]
