/**
 * Site announcements (站点公告, issue 9) as the library holds them (migration 0014, written by the sync
 * from up_site_announcement): the current ones for a region, and their copies in a user's inbox.
 *
 * "For a region" means the whole province (region_code NULL) plus announcements for that area or any
 * area above it: a 道里区 resident sees 哈尔滨市's and 黑龙江省's, not 大庆市's.
 */
import type { Announcement } from '../contracts/push.js';
import type { Sql } from '../../store/types.js';
import { SAME_SITE_LINK } from '../me/notices-config.js';

/** The area itself and every area above it (12-digit codes): 230102000000 → 230000000000, 230100000000, 230102000000. */
export function regionWithAncestors(code: string | null | undefined): string[] {
  if (!code) return [];
  const full = code.padEnd(12, '0');
  // Levels of GB/T 2260 + township: province 2, prefecture 4, county 6, township 9 digits.
  const levels = [2, 4, 6, 9, 12].map((digits) => full.slice(0, digits).padEnd(12, '0'));
  return [...new Set(levels)];
}

/** Same-site path or #fragment, else null: a link from data never points off the site. */
export function sameSiteLink(link: string | null | undefined): string | null {
  if (!link) return null;
  return SAME_SITE_LINK.test(link) ? link : null;
}

interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  publisher: string | null;
  region_code: string | null;
  link: string | null;
  published_at: Date | string;
  expires_at: Date | string | null;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** Current (published, not expired) announcements for the region, newest first. */
export async function selectCurrentAnnouncements(
  sql: Sql,
  options: { region: string | null; limit: number },
): Promise<Announcement[]> {
  const { rows } = await sql.query<AnnouncementRow>(
    `SELECT id::text AS id, title, body, publisher, region_code, link, published_at, expires_at
       FROM announcements
      WHERE published_at <= now() AND (expires_at IS NULL OR expires_at > now())
        AND (region_code IS NULL OR region_code = ANY($1::text[]))
      ORDER BY published_at DESC, id
      LIMIT $2`,
    [regionWithAncestors(options.region), options.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    publisher: row.publisher,
    regionCode: row.region_code,
    link: sameSiteLink(row.link),
    publishedAt: iso(row.published_at),
    expiresAt: row.expires_at === null ? null : iso(row.expires_at),
  }));
}

/**
 * Copies the current announcements for the region into the user's inbox, once each (dedup key
 * `announcement:<id>`), so that read and unread work like for any notice. The copy is dated at the
 * announcement's publication and only announcements younger than the retention period are copied:
 * the retention purge removes a copy exactly when it would no longer be copied back. A withdrawn
 * announcement takes its copies with it (notices.announcement_id ON DELETE CASCADE).
 */
export async function takeInAnnouncements(
  sql: Sql,
  owner: { issuer: string; subject: string },
  options: { region: string | null; limit: number; retentionDays: number },
): Promise<number> {
  if (options.limit <= 0) return 0;
  const { rows } = await sql.query<AnnouncementRow>(
    `SELECT a.id::text AS id, a.title, a.body, a.publisher, a.region_code, a.link, a.published_at, a.expires_at
       FROM announcements a
      WHERE a.published_at <= now() AND (a.expires_at IS NULL OR a.expires_at > now())
        AND a.published_at > now() - make_interval(days => $4::int)
        AND (a.region_code IS NULL OR a.region_code = ANY($3::text[]))
        AND NOT EXISTS (SELECT 1 FROM notices n
                         WHERE n.issuer = $1 AND n.subject = $2 AND n.dedup_key = 'announcement:' || a.id::text)
      ORDER BY a.published_at DESC
      LIMIT $5`,
    [owner.issuer, owner.subject, regionWithAncestors(options.region), options.retentionDays, options.limit],
  );
  if (rows.length === 0) return 0;
  const drafts = rows.map((row) => ({
    id: row.id,
    title: row.title,
    body: row.publisher ? `${row.body}（${row.publisher}）` : row.body,
    link: sameSiteLink(row.link),
    created_at: iso(row.published_at),
  }));
  const { rows: added } = await sql.query(
    `INSERT INTO notices (issuer, subject, kind, title, body, link, dedup_key, announcement_id, created_at)
     SELECT $1, $2, 'announcement', d.title, d.body, d.link, 'announcement:' || d.id, d.id::uuid, d.created_at
       FROM json_to_recordset($3::json) AS d(id text, title text, body text, link text, created_at timestamptz)
      -- Withdrawn since the SELECT: no copy (the foreign key would refuse it).
      WHERE EXISTS (SELECT 1 FROM announcements a WHERE a.id = d.id::uuid)
     ON CONFLICT (issuer, subject, dedup_key) DO NOTHING
     RETURNING id`,
    [owner.issuer, owner.subject, JSON.stringify(drafts)],
  );
  return added.length;
}
