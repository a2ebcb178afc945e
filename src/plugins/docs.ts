// The browsable reference at /docs: Swagger UI over the same document as /openapi.json.
// Its scripts and styles come from the installed package, so the page needs no CDN.
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

async function docsPlugin (app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: {
      docExpansion: 'list',
      deepLinking: true,
      // Swagger UI otherwise sends the document to an outside validator for a badge.
      validatorUrl: null,
    },
    // The page's own scripts and styles only; nothing from other origins.
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/ https:| validator\.swagger\.io|upgrade-insecure-requests;/g, ''),
  })
}

export default fp(docsPlugin, { name: 'docs', fastify: '5.x', dependencies: ['openapi'] })
