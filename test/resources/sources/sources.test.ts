import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { assertBadParameter, assertConditionalGet, assertPagesJoin } from '../../helpers/http.js'

const { app } = await setupApp(t)

async function data<T> (url: string): Promise<T[]> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 200, url)
  return response.json<{ data: T[] }>().data
}

t.test('sources, in slug order', async (t) => {
  const sources = await data<{ slug: string, publisher: string, referencePeriod: string | null }>('/v1/sources')
  t.same(
    sources.map((s) => s.slug),
    ['ahima-certification', 'bls-ep-2014-24', 'bls-oews-2015-05', 'editorial', 'nces-cip-2020'],
  )
  t.match(sources[2], { publisher: 'U.S. Bureau of Labor Statistics', dataset: 'Occupational Employment and Wage Statistics', referencePeriod: 'May 2015', url: 'https://www.bls.gov/oes/' })
})

t.test('pages across boundaries without gaps or repeats', async (t) => {
  await assertPagesJoin(t, app, '/v1/sources?limit=3', 5)
})

t.test('bad parameters are 400 problems naming the parameter', async (t) => {
  await assertBadParameter(t, app, '/v1/sources?q=bls', 'query.q')
})

t.test('conditional GETs', async (t) => {
  await assertConditionalGet(t, app, '/v1/sources')
})
