/**
 * Site announcements from the simulated service management platform (issue 9): now and then a tick
 * publishes one into up_site_announcement — 系统维护, 政策发布 or 办事提醒, for the whole province or a
 * city, with the wording 黑龙江 portals use. Deterministic from (seed, tick): a replayed tick writes
 * the same row_guid. Codes (category) are ours — bff/dev/generator/README.md.
 */
import type { FrontRecord } from '../generator/front-tables.js';
import { TABLE_ID } from '../generator/front-tables.js';
import { PREFECTURES, PROVINCE } from '../generator/divisions.js';
import { keyGuid, Random } from '../generator/prng.js';
import { syncColumns, type SyncStamp } from '../generator/sync-stamp.js';
import { DAY_MS, formatBeijing } from '../generator/time.js';

/** A tick publishes an announcement when tickNo % this = 1 (the first tick, then every 60: 5 min at 5 s). */
export const ANNOUNCEMENT_EVERY_TICKS = 60;

interface Template {
  category: '1' | '2' | '3';
  title: (area: string) => string;
  content: (area: string, when: string) => string;
  publisher: (area: string) => string;
  /** Days until it expires. */
  days: number;
}

const TEMPLATES: readonly Template[] = [
  {
    category: '1',
    title: (area) => `关于${area}政务服务网系统维护的公告`,
    content: (area, when) =>
      `为进一步提升系统运行稳定性，${area}政务服务网定于${when} 22:00至次日 06:00进行系统升级维护。` +
      '维护期间网上申报、办件查询和好差评功能暂停使用，线下大厅正常办理。给您带来的不便，敬请谅解。',
    publisher: (area) => `${area}营商环境建设监督局`,
    days: 3,
  },
  {
    category: '1',
    title: () => '统一身份认证平台短时维护提醒',
    content: (_area, when) =>
      `因网络设备调整，统一身份认证平台将于${when} 23:00至 23:30暂停登录服务。已登录的用户不受影响，请提前安排办理时间。`,
    publisher: () => '黑龙江省营商环境建设监督局',
    days: 2,
  },
  {
    category: '2',
    title: (area) => `${area}进一步推进“高效办成一件事”的实施方案发布`,
    content: (area) =>
      `${area}人民政府办公室印发《关于进一步推进“高效办成一件事”的实施方案》，新生儿出生、企业开办、` +
      '不动产登记等事项实现一次告知、一表申请、一网通办。详情请在政策文件栏目查看。',
    publisher: (area) => `${area}人民政府办公室`,
    days: 30,
  },
  {
    category: '2',
    title: () => '黑龙江省城乡居民基本医疗保险年度集中参保缴费政策解读',
    content: () =>
      '城乡居民医保集中参保缴费期为每年 9 月至 12 月，可通过“黑龙江全省事”、政务服务网或银行网点缴费；' +
      '新生儿、退役军人等可随时参保。具体标准以医保部门公布为准。',
    publisher: () => '黑龙江省医疗保障局',
    days: 60,
  },
  {
    category: '3',
    title: (area) => `${area}政务服务大厅节假日办理时间调整提醒`,
    content: (area, when) =>
      `${when}起${area}政务服务大厅周六上午 9:00至 12:00延时服务，办理户籍、社保、医保、不动产登记等高频事项。` +
      '可先在网上预约取号，减少现场等候。',
    publisher: (area) => `${area}政务服务中心`,
    days: 14,
  },
  {
    category: '3',
    title: () => '冬季办事出行提醒',
    content: () =>
      '近期全省大部分地区有降雪降温天气，建议优先选择网上办、掌上办；确需到现场办理的，请关注路况并错峰前往。',
    publisher: () => '黑龙江省营商环境建设监督局',
    days: 7,
  },
];

/** The announcement a tick publishes, or nothing. */
export function announcementRecords(options: {
  seed: number;
  tickNo: number;
  at: number;
  stamp: SyncStamp;
}): FrontRecord[] {
  const { seed, tickNo, at, stamp } = options;
  if (tickNo % ANNOUNCEMENT_EVERY_TICKS !== 1) return [];
  const rng = new Random(seed, TABLE_ID.up_site_announcement, tickNo);
  const template = rng.pick(TEMPLATES);
  // Most are for the whole province; some for one city (only its residents' region sees them).
  const city = rng.chance(0.4) ? rng.pick(PREFECTURES) : null;
  const area = city?.name ?? PROVINCE.name;
  const when = formatBeijing(at + DAY_MS).slice(0, 10);
  return [
    {
      table: 'up_site_announcement',
      row: {
        title: template.title(area),
        content: template.content(area, when),
        publisher: template.publisher(area),
        category: template.category,
        area_code: city?.code ?? null,
        link_url: null,
        publish_time: formatBeijing(at),
        expire_time: formatBeijing(at + template.days * DAY_MS),
        ...syncColumns(stamp, keyGuid(seed, TABLE_ID.up_site_announcement, tickNo)),
      },
    },
  ];
}
