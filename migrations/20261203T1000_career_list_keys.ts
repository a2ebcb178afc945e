// Sorted lists read careers in the order of an index and stop at the page's end, instead of
// reading every career that passes the filters with its figures and sorting them: the cost
// of "fastest-growing jobs" then stays that of a page whatever the number of careers
// (bench:growth). The figure sorts key on soc_latest_figures, another table than the
// careers' ids that break their ties, so career_list_key holds each career's four sort
// figures beside its id, and each order its own column: a missing figure is ±1e15, beyond
// every figure, so that it sorts last in either direction as the lists promise (the value
// cursors carry). Statement triggers keep it in step with whoever writes careers or the
// latest figures (API, importers, seed, psql), in the writer's transaction.
// The title and SOC sorts key on career itself: an index per direction, ids ascending in
// both. The SOC order compares bytes ("C"): codes are digits and hyphens, and "~" (no code)
// then sorts after every code under any database collation.
import { sql, type Kysely } from 'kysely'

const FIGURES = ['median_annual', 'change_percent', 'annual_openings', 'employment'] as const
const KEYS = { median_annual: 'median', change_percent: 'growth', annual_openings: 'openings', employment: 'employment' }

const upStatements = [
  `create table career_list_key (
    career_id integer primary key references career (id) on delete cascade,
    median_annual float8,
    change_percent float8,
    annual_openings float8,
    employment float8,
    ${FIGURES.map((figure) => `${KEYS[figure]}_desc float8 not null generated always as (coalesce(${figure}, -1e15)) stored,
    ${KEYS[figure]}_asc float8 not null generated always as (coalesce(${figure}, 1e15)) stored`).join(',\n    ')}
  )`,
  ...FIGURES.flatMap((figure) => [
    `create index career_list_key_${KEYS[figure]}_desc on career_list_key (${KEYS[figure]}_desc desc, career_id)`,
    `create index career_list_key_${KEYS[figure]}_asc on career_list_key (${KEYS[figure]}_asc, career_id)`,
  ]),
  'create index career_title_order_desc on career (lower(title) desc, id)',
  `create index career_soc_order on career ((coalesce(soc_code, '~') collate "C"), id)`,
  `create index career_soc_order_desc on career ((coalesce(soc_code, '~') collate "C") desc, id)`,

  `create function career_list_key_refresh(ids integer[]) returns void language sql as $$
    insert into career_list_key (career_id, median_annual, change_percent, annual_openings, employment)
    select c.id, f.median_annual, f.change_percent, f.annual_openings, f.employment
    from career c left join soc_latest_figures f on f.soc_code = c.soc_code
    where c.id = any(ids)
    on conflict (career_id) do update set median_annual = excluded.median_annual,
      change_percent = excluded.change_percent, annual_openings = excluded.annual_openings,
      employment = excluded.employment
    where (career_list_key.median_annual, career_list_key.change_percent, career_list_key.annual_openings,
        career_list_key.employment)
      is distinct from (excluded.median_annual, excluded.change_percent, excluded.annual_openings, excluded.employment)
  $$`,
  `create function career_list_key_on_career() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform career_list_key_refresh(array(select id from new_rows));
      -- Importers update careers a statement each; only a new code moves a career's figures.
      elsif exists (select 1 from new_rows n join old_rows o using (id) where n.soc_code is distinct from o.soc_code) then
        perform career_list_key_refresh(array(
          select n.id from new_rows n join old_rows o using (id) where n.soc_code is distinct from o.soc_code));
      end if;
      return null;
    end
  $$`,
  `create function career_list_key_on_figures() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        perform career_list_key_refresh(array(select id from career));
      elsif tg_op = 'INSERT' then
        perform career_list_key_refresh(array(select c.id from career c where c.soc_code in (select soc_code from new_rows)));
      else
        perform career_list_key_refresh(array(select c.id from career c where c.soc_code in (select soc_code from old_rows)));
        if tg_op = 'UPDATE' then
          perform career_list_key_refresh(array(
            select c.id from career c where c.soc_code in (select soc_code from new_rows)));
        end if;
      end if;
      return null;
    end
  $$`,
  `create trigger career_list_key_insert after insert on career
    referencing new table as new_rows for each statement execute function career_list_key_on_career()`,
  `create trigger career_list_key_update after update on career
    referencing old table as old_rows new table as new_rows for each statement execute function career_list_key_on_career()`,
  `create trigger career_list_key_insert after insert on soc_latest_figures
    referencing new table as new_rows for each statement execute function career_list_key_on_figures()`,
  `create trigger career_list_key_update after update on soc_latest_figures
    referencing old table as old_rows new table as new_rows for each statement execute function career_list_key_on_figures()`,
  `create trigger career_list_key_delete after delete on soc_latest_figures
    referencing old table as old_rows for each statement execute function career_list_key_on_figures()`,
  `create trigger career_list_key_truncate after truncate on soc_latest_figures
    for each statement execute function career_list_key_on_figures()`,
  'select career_list_key_refresh(array(select id from career))',
  'analyze career_list_key',
  `select career_facts_watch('career_list_key')`,
]

export async function up (db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const table of ['career', 'soc_latest_figures']) {
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      await sql.raw(`drop trigger if exists career_list_key_${event} on ${table}`).execute(db)
    }
  }
  await sql`drop table career_list_key`.execute(db)
  await sql`drop function career_list_key_on_figures()`.execute(db)
  await sql`drop function career_list_key_on_career()`.execute(db)
  await sql`drop function career_list_key_refresh(integer[])`.execute(db)
  await sql`drop index career_soc_order_desc`.execute(db)
  await sql`drop index career_soc_order`.execute(db)
  await sql`drop index career_title_order_desc`.execute(db)
}
