// Security headers (helmet). JSON answers get the strictest policy: nothing may load, nothing
// may frame them. The browsable reference under /docs gets a policy for a page whose
// scripts, styles, fonts and images are served by this service itself: no third-party
// origins, no inline scripts; inline styles are allowed because reference renderers set
// style attributes.
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const API_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
}

export const DOCS_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
}

async function securityPlugin (app: FastifyInstance): Promise<void> {
  // Routes under /docs that set no helmet options of their own get the page policy.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs') && route.helmet === undefined) {
      route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } }
    }
  })
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
    // Partner sites call the API from their own origins (CORS); the default same-origin would block them.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  })
}

export default fp(securityPlugin, { name: 'security', fastify: '5.x' })
