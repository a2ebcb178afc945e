// The framework ceiling: Fastify with one constant route and nothing else, started like the
// service (compiled, one process), so the benchmark can say how far our routes sit below it.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ status: 'ok', service: 'career-facts', constant: true }))
app.get('/readyz', async () => ({ status: 'ready' }))

await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
