// The scratch-database helpers the test setup and the benchmark share.
import t from 'tap'
import { admin, databaseName, withDatabase } from '../src/db/admin.js'
import { databaseUrl } from './helpers/database.js'

t.test('another database on the same server, with the same credentials', async (t) => {
  t.equal(withDatabase('postgres://u:p@db.example:5433/app?sslmode=require', 'app_bench'), 'postgres://u:p@db.example:5433/app_bench?sslmode=require')
  t.equal(databaseName('postgres://u@db.example/app'), 'app')
  t.equal(databaseName('postgres://u@db.example'), 'postgres', 'no database named: the server\'s default')
})

t.test('admin runs statements that cannot run in a transaction', {
  skip: databaseUrl === null ? 'needs DATABASE_URL' : false,
}, async (t) => {
  const url = databaseUrl as string
  const name = `${databaseName(url)}_admin_${process.pid}`
  await admin(url, [`drop database if exists "${name}"`, `create database "${name}"`])
  await admin(withDatabase(url, name), ['create table probe (id integer)'])
  await admin(url, [`drop database "${name}"`])
  await t.rejects(admin(withDatabase(url, name), ['select 1']), /does not exist/, 'created, used and dropped')
})
