// @hey-api/openapi-ts's settings for the example client. From the repository's root,
// `npx openapi-ts -f examples/hey-api/openapi-ts.config.ts` writes it to examples/hey-api/generated/
// (git-ignored: it is generated from openapi/openapi.json each time).
import { defineConfig } from '@hey-api/openapi-ts'

export default defineConfig({
  // './' makes it a path: without it hey-api reads `openapi/openapi.json` as a registry name.
  input: './openapi/openapi.json',
  output: {
    path: 'examples/hey-api/generated',
    // Node's ESM resolution needs `.js` in imports; left unset, hey-api guesses from the first
    // tsconfig.json above its own install.
    module: { extension: '.js' },
  },
  // Named explicitly (they are hey-api's defaults) so a new default cannot change the output.
  plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
  logs: { file: false },
})
