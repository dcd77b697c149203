import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applicantKeyHash } from '../../../bff/privacy/pii.js';
import { writeCaseAcceptance } from '../../../bff/store/case-acceptances.js';
import { migrate } from '../../../bff/store/migrate.js';
import type { Store } from '../../../bff/store/store.js';
import { storeTargets, type TestDatabase } from './store-targets.js';

const PII_KEY = 'test-only-pii-hash-key-0123456789abcdef';
const ID_NUMBER = '23010219900307123X';
const MOBILE = '13812345678';
const ITEM_CODE = '11230000000000001A2230111001000';
const DEPT = '11230000000000001A';

async function insertItem(store: Store, code: string): Promise<void> {
  await store.query(
    `INSERT INTO items (code, name, task_type_raw, task_type, dept_credit_code, dept_name, region_code,
                        project_type_raw, project_type, promised_limit, promised_limit_unit_raw, promised_limit_unit,
                        statutory_limit, statutory_limit_unit_raw, statutory_limit_unit, use_level_raw, use_levels,
                        service_objects_raw, service_objects, is_fee_raw, is_fee, limit_scene_num,
                        online_url, online_sso_raw, online_sso, source, source_row_guid, source_version)
     VALUES ($1, '个体工商户营业执照变更登记', '01', 'licensing', $2, '哈尔滨市市场监督管理局', '230100000000',
             '2', 'promised', 3, '1', 'working_day', 15, '1', 'working_day', '3', $3,
             '1,2', $4, '0', false, 0, 'https://example.gov.cn/apply', '1', true,
             'front:up_task_general_basic', $5, 2)`,
    [code, DEPT, ['city'], ['natural', 'enterprise'], `guid-${code}`],
  );
}

for (const target of storeTargets()) {
  describe(`resource library schema on ${target.name}`, { skip: target.skip }, () => {
    let db: TestDatabase | undefined;
    let store: Store;

    before(async () => {
      db = await target.setup();
      store = db.store;
      await migrate(store);
    });
    after(async () => {
      await db?.teardown();
    });

    test('seeds the 自然人 and 法人 theme code lists', async () => {
      const { rows } = await store.query<{ audience: string; n: number }>(
        'SELECT audience, count(*) AS n FROM themes GROUP BY audience ORDER BY audience',
      );
      assert.deepEqual(rows, [
        { audience: 'legal', n: 35 },
        { audience: 'natural', n: 32 },
      ]);
      const { rows: named } = await store.query(
        `SELECT name FROM themes WHERE (audience, code) IN (('natural', '060'), ('legal', '165')) ORDER BY audience`,
      );
      assert.deepEqual(named, [{ name: '法人注销' }, { name: '婚姻登记' }]);
    });

    test('stores an item with its materials, fees, FAQs, steps and themes, and cascades a delete', async () => {
      await insertItem(store, ITEM_CODE);
      await store.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO item_materials (item_code, name, necessity_raw, necessity, format_raw, format, paper_copies,
                                       blank_form_url, sort_order, source, source_row_guid)
           VALUES ($1, '变更登记申请书', '1', 'required', '3', 'paper_or_electronic', 1, 'https://example.gov.cn/form.docx', 1,
                   'front:up_task_general_material', 'm-1'),
                  ($1, '营业执照副本', '3', 'deferrable', '1', 'paper', 1, NULL, 2, 'front:up_task_general_material', 'm-2')`,
          [ITEM_CODE],
        );
        await tx.query(
          `INSERT INTO item_fees (item_code, name, standard, source) VALUES ($1, '工本费', '不收费', 'front:fee')`,
          [ITEM_CODE],
        );
        await tx.query(
          `INSERT INTO item_faqs (item_code, question, answer, source) VALUES ($1, '可以网上办理吗？', '可以。', 'front:faq')`,
          [ITEM_CODE],
        );
        await tx.query(
          `INSERT INTO item_process_steps (item_code, name, step_raw, step, sort_order, source)
           VALUES ($1, '受理', 'acceptance', 'acceptance', 1, 'gd'), ($1, '决定', 'decide', 'decision', 2, 'gd')`,
          [ITEM_CODE],
        );
        await tx.query(
          `INSERT INTO item_themes (item_code, audience, theme_code) VALUES ($1, 'natural', '030'), ($1, 'legal', '005')`,
          [ITEM_CODE],
        );
      });

      const { rows } = await store.query<Record<string, unknown>>(
        `SELECT i.name, i.project_type, i.project_type_raw, i.promised_limit, i.promised_limit_unit, i.use_levels,
                i.service_objects, i.is_fee, i.online_sso, i.limit_scene_num,
                (SELECT array_agg(m.name ORDER BY m.sort_order) FROM item_materials m WHERE m.item_code = i.code) AS materials,
                (SELECT count(*) FROM item_fees f WHERE f.item_code = i.code) AS fees,
                (SELECT count(*) FROM item_faqs q WHERE q.item_code = i.code) AS faqs,
                (SELECT array_agg(s.step ORDER BY s.sort_order) FROM item_process_steps s WHERE s.item_code = i.code) AS steps,
                (SELECT array_agg(t.name ORDER BY t.audience) FROM item_themes it
                   JOIN themes t ON t.audience = it.audience AND t.code = it.theme_code WHERE it.item_code = i.code) AS themes
         FROM items i WHERE i.code = $1`,
        [ITEM_CODE],
      );
      assert.deepEqual(rows[0], {
        name: '个体工商户营业执照变更登记',
        project_type: 'promised',
        project_type_raw: '2',
        promised_limit: 3,
        promised_limit_unit: 'working_day',
        use_levels: ['city'],
        service_objects: ['natural', 'enterprise'],
        is_fee: false,
        online_sso: true,
        limit_scene_num: 0,
        materials: ['变更登记申请书', '营业执照副本'],
        fees: 1,
        faqs: 1,
        steps: ['acceptance', 'decision'],
        themes: ['设立变更', '就业创业'],
      });

      await store.query('DELETE FROM items WHERE code = $1', [ITEM_CODE]);
      const { rows: left } = await store.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM item_materials) + (SELECT count(*) FROM item_fees) + (SELECT count(*) FROM item_faqs)
              + (SELECT count(*) FROM item_process_steps) + (SELECT count(*) FROM item_themes) AS n`,
      );
      assert.equal(left[0]?.n, 0);
    });

    test('keeps raw source codes out of the normalised columns', async () => {
      await assert.rejects(
        store.query(
          `INSERT INTO items (code, name, dept_credit_code, dept_name, project_type, source)
           VALUES ('X1', '事项', $1, '部门', '承诺件', 'test')`,
          [DEPT],
        ),
        /check constraint/i,
      );
      await assert.rejects(
        store.query(
          `INSERT INTO items (code, name, dept_credit_code, dept_name, use_levels, source)
           VALUES ('X2', '事项', $1, '部门', $2, 'test')`,
          [DEPT, ['city', '3']],
        ),
        /check constraint/i,
      );
      await assert.rejects(
        store.query(`INSERT INTO item_themes (item_code, audience, theme_code) VALUES ('nope', 'natural', '030')`),
        /foreign key/i,
      );
    });

    test('stores a case with a keyed hash and masked values, never the ID number or mobile', async () => {
      const written = await writeCaseAcceptance(
        store,
        {
          projectNo: 'P-0001',
          itemCode: ITEM_CODE,
          itemName: '个体工商户营业执照变更登记',
          applicant: {
            name: '张三丰',
            idNumber: ID_NUMBER,
            idTypeRaw: '111',
            idType: '111',
            typeRaw: '1',
            type: 'natural',
          },
          contact: { name: '李四', idNumber: '230102198001011234', mobile: MOBILE },
          projectTypeRaw: '2',
          projectType: 'promised',
          deptCreditCode: DEPT,
          regionCode: '230100000000',
          acceptedAt: new Date('2026-11-20T02:00:00Z'),
          promisedAt: new Date('2026-11-25T09:00:00Z'),
          source: 'front:up_pro_accept',
          sourceRowGuid: 'acc-1',
          sourceChangedAt: new Date('2026-11-20T02:00:05Z'),
        },
        { piiHashKey: PII_KEY },
      );
      assert.equal(written, true);

      // A lower-case x in the ID number must still find the case (pii.applicantKeyHash upper-cases).
      const { rows } = await store.query<Record<string, unknown>>(
        `SELECT project_no, applicant_name_masked, applicant_id_masked, contact_mobile_masked, status
         FROM case_overview WHERE applicant_key_hash = $1`,
        [applicantKeyHash(ID_NUMBER.toLowerCase(), PII_KEY)],
      );
      assert.deepEqual(rows, [
        {
          project_no: 'P-0001',
          applicant_name_masked: '张**',
          applicant_id_masked: '2301**********123X',
          contact_mobile_masked: '138****5678',
          status: 'accepted',
        },
      ]);

      const { rows: tables } = await store.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      );
      for (const { name } of tables) {
        const { rows: hits } = await store.query(
          `SELECT 1 FROM ${name} AS t WHERE t::text LIKE $1 OR t::text LIKE $2 OR t::text ILIKE $3`,
          [`%${ID_NUMBER.slice(0, 17)}%`, `%${MOBILE}%`, '%230102198001011234%'],
        );
        assert.equal(hits.length, 0, `plain personal data found in ${name}`);
      }
    });

    test('refuses a plain ID number or mobile in hashed and masked columns', async () => {
      const base = `INSERT INTO case_acceptances (project_no, item_code, applicant_name_masked, applicant_key_hash,
                                                 applicant_id_masked, contact_mobile_masked, source)`;
      const hash = applicantKeyHash(ID_NUMBER, PII_KEY);
      await assert.rejects(
        store.query(`${base} VALUES ('P-bad-1', 'i', '张*', $1, NULL, NULL, 't')`, [ID_NUMBER]),
        /key_hash/,
      );
      await assert.rejects(
        store.query(`${base} VALUES ('P-bad-2', 'i', '张*', $1, $2, NULL, 't')`, [hash, ID_NUMBER]),
        /masked_text/,
      );
      await assert.rejects(
        store.query(`${base} VALUES ('P-bad-3', 'i', '张*', $1, NULL, $2, 't')`, [hash, MOBILE]),
        /masked_text/,
      );
      await assert.rejects(
        store.query(
          `INSERT INTO user_profiles (issuer, subject, user_type, mobile_masked) VALUES ('https://idp', 's1', 'natural', $1)`,
          [MOBILE],
        ),
        /masked_text/,
      );
    });

    test('ignores an older version of a case (version-guarded upsert)', async () => {
      const older = await writeCaseAcceptance(
        store,
        {
          projectNo: 'P-0001',
          itemCode: 'SOMETHING-ELSE',
          applicant: { name: '张三丰', idNumber: ID_NUMBER },
          source: 'front:up_pro_accept',
          sourceRowGuid: 'acc-1',
          sourceChangedAt: new Date('2026-11-19T00:00:00Z'),
        },
        { piiHashKey: PII_KEY },
      );
      assert.equal(older, false);
      const { rows } = await store.query(`SELECT item_code FROM case_acceptances WHERE project_no = 'P-0001'`);
      assert.deepEqual(rows, [{ item_code: ITEM_CODE }]);
    });

    test('derives the case status from steps, special procedures and the result', async () => {
      const status = async (): Promise<unknown> =>
        (await store.query<{ status: string }>(`SELECT status FROM case_overview WHERE project_no = 'P-0001'`)).rows[0]
          ?.status;
      await store.query(
        `INSERT INTO case_process_steps (project_no, node_name, action_raw, action, started_at, ended_at, source, source_row_guid)
         VALUES ('P-0001', '审查', '1', 'pass', '2026-11-21T01:00:00Z', '2026-11-21T03:00:00Z', 'front:up_pro_process', 'st-1')`,
      );
      assert.equal(await status(), 'in_progress');
      await store.query(
        `INSERT INTO case_special_procedures (project_no, type_raw, type, reason, started_at, source)
         VALUES ('P-0001', '1', 'extension', '现场核查', '2026-11-22T01:00:00Z', 'front:up_pro_special_procedure')`,
      );
      assert.equal(await status(), 'special_procedure');
      await store.query(
        `INSERT INTO case_results (project_no, completed_at, result_type_raw, result_type, certificate_name, source)
         VALUES ('P-0001', '2026-11-24T06:00:00Z', '0', 'approved', '营业执照', 'front:up_pro_result')`,
      );
      assert.equal(await status(), 'completed');
      const { rows } = await store.query<{ n: number }>(
        `SELECT count(*) AS n FROM case_process_steps WHERE project_no = 'P-0001'`,
      );
      assert.equal(rows[0]?.n, 1);
    });

    test('keeps the satisfaction scheme with every evaluation and normalises to 5 = 非常满意', async () => {
      const insert = (raw: string, scheme: string, level: number, guid: string) =>
        store.query<{ id: string; is_negative: boolean }>(
          `INSERT INTO evaluations (project_no, assess_number, satisfaction_raw, satisfaction_scheme, satisfaction_level,
                                    channel_raw, channel, evaluated_at, source, source_row_guid)
           VALUES ('P-0001', 1, $1, $2, $3, '2', 'mobile', now(), 'test', $4) RETURNING id, is_negative`,
          [raw, scheme, level, guid],
        );
      // Both say 非常满意.
      await insert('5', 'hcp-national', 5, 'e-1');
      await insert('1', 'gbt39046', 5, 'e-2');
      // Both say 不满意 (差评).
      const negative = await insert('2', 'hcp-national', 2, 'e-3');
      assert.equal(negative.rows[0]?.is_negative, true);
      await insert('4', 'gbt39046', 2, 'e-4');

      // The raw code read in the wrong scheme is refused.
      await assert.rejects(insert('1', 'hcp-national', 5, 'e-5'), /evaluations_level_matches_scheme/);
      await assert.rejects(insert('5', 'unknown-scheme', 5, 'e-6'), /check constraint/i);

      const { rows } = await store.query(
        `SELECT satisfaction_raw, satisfaction_scheme, satisfaction_level, is_negative FROM evaluations
         ORDER BY source_row_guid`,
      );
      assert.deepEqual(rows, [
        { satisfaction_raw: '5', satisfaction_scheme: 'hcp-national', satisfaction_level: 5, is_negative: false },
        { satisfaction_raw: '1', satisfaction_scheme: 'gbt39046', satisfaction_level: 5, is_negative: false },
        { satisfaction_raw: '2', satisfaction_scheme: 'hcp-national', satisfaction_level: 2, is_negative: true },
        { satisfaction_raw: '4', satisfaction_scheme: 'gbt39046', satisfaction_level: 2, is_negative: true },
      ]);
    });

    test('an outbox fact is stored once per dedup key', async () => {
      const enqueue = () =>
        store.query(
          `INSERT INTO outbox (kind, dedup_key, payload) VALUES ('evaluation', 'evaluation:e-1', $1::jsonb)
           ON CONFLICT (dedup_key) DO NOTHING`,
          [JSON.stringify({ projectNo: 'P-0001', satisfaction: '5' })],
        );
      assert.equal((await enqueue()).affectedRows, 1);
      assert.equal((await enqueue()).affectedRows, 0);
      const { rows } = await store.query<{ payload: unknown; attempts: number }>(
        `SELECT payload, attempts FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()`,
      );
      assert.deepEqual(rows, [{ payload: { projectNo: 'P-0001', satisfaction: '5' }, attempts: 0 }]);
    });

    test('stores consultations with replies, notices, sessions and sync bookkeeping', async () => {
      await store.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO consultations (tracking_no, kind_raw, kind, user_issuer, user_subject, title, content, item_code)
           VALUES ('Z20261129001', '咨询', 'consult', 'https://idp', 'u-1', '变更登记要带什么？', '请问需要哪些材料。', $1)
           RETURNING id`,
          [ITEM_CODE],
        );
        await tx.query(
          `INSERT INTO consultation_replies (consultation_id, body, is_final) VALUES ($1, '见办事指南。', true)`,
          [rows[0]?.id],
        );
        await tx.query(
          `INSERT INTO notices (issuer, subject, kind, title, dedup_key) VALUES ('https://idp', 'u-1', 'reply', '您的咨询已答复', 'r-1')`,
        );
        await tx.query(
          `INSERT INTO sessions (id, issuer, subject, sid, data, idle_expires_at, expires_at)
           VALUES ('opaque-1', 'https://idp', 'u-1', 'sid-1', $1::jsonb, now() + interval '30 minutes', now() + interval '8 hours')`,
          [JSON.stringify({ level: 'advanced' })],
        );
        const run = await tx.query<{ id: number }>(
          `INSERT INTO sync_runs (stream) VALUES ('up_pro_accept') RETURNING id`,
        );
        await tx.query(
          `INSERT INTO sync_quarantine (stream, run_id, reason_code, reason_text, raw_row, source_position)
           VALUES ('up_pro_accept', $1, 'bad_date', '受理时间格式错误', $2::jsonb, 'row_guid=x')`,
          [run.rows[0]?.id, JSON.stringify({ project_no: 'P-9', accept_date: '2026-13-40' })],
        );
        await tx.query(`INSERT INTO sync_state (stream, cursor_time, cursor_id) VALUES ('up_pro_accept', now(), 'x')`);
      });
      const { rows } = await store.query<Record<string, unknown>>(
        `SELECT (SELECT count(*) FROM consultation_replies) AS replies,
                (SELECT count(*) FROM notices WHERE issuer = 'https://idp' AND subject = 'u-1' AND read_at IS NULL) AS unread,
                (SELECT data FROM sessions WHERE issuer = 'https://idp' AND sid = 'sid-1') AS session,
                (SELECT count(*) FROM sync_quarantine WHERE resolved_at IS NULL) AS quarantined`,
      );
      assert.deepEqual(rows[0], { replies: 1, unread: 1, session: { level: 'advanced' }, quarantined: 1 });
    });
  });
}
