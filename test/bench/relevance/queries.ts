/**
 * Judged queries for the search relevance suite: phrased the way residents and company staff type
 * them. `relevant` names catalogue items of the front-processor generator (bff/dev/generator
 * item-seeds.ts); the runner turns them into the 实施编码 loaded in the library, narrowed to the region
 * when the query names one. Judged by reading the item names and guides, not by running the search.
 *
 * kinds: colloquial (口语), partial (不完整), typo (错别字/同音字), pinyin (拼音/首字母),
 * region (带地名), company (企业办事), official (正式名称).
 */
export type QueryKind = 'colloquial' | 'partial' | 'typo' | 'pinyin' | 'region' | 'company' | 'official';

export interface JudgedQuery {
  q: string;
  kind: QueryKind;
  relevant: readonly string[];
  /** Region the relevant entries must lie in (12-digit code), for region-qualified queries. */
  region?: string;
}

const HARBIN = '230100000000';
const QIQIHAR = '230200000000';
const DAOLI = '230102000000';
const NANGANG = '230103000000';
const SONGBEI = '230109000000';
const JIXI = '230300000000';

const ID_CARD = ['居民身份证申领', '居民身份证换领'];
const HPF_WITHDRAW = [
  '住房公积金提取（购买自住住房）',
  '住房公积金提取（偿还购房贷款本息）',
  '住房公积金提取（租赁住房）',
  '住房公积金提取（离休、退休）',
  '住房公积金提取（出境定居）',
  '住房公积金提取（职工死亡或被宣告死亡）',
  '住房公积金提取（完全丧失劳动能力并与单位终止劳动关系）',
  '住房公积金提取（建造、翻建、大修自住住房）',
  '住房公积金提取（既有住宅加装电梯）',
  '住房公积金提取（老旧小区改造）',
  '住房公积金提取（享受城镇最低生活保障）',
  '住房公积金提取（重大疾病医疗）',
  '住房公积金提取（进城务工人员离职）',
];
const HUKOU_MOVE = [
  '户口迁移（投靠亲属）',
  '户口迁移（购房落户）',
  '户口迁移（人才引进落户）',
  '户口迁移（大中专院校学生入学）',
  '户口迁移（毕业生回原籍）',
  '户口迁移（跨省通办迁入）',
];
const BIRTH = [
  '生育登记',
  '出生医学证明首次签发',
  '出生登记',
  '生育津贴申领',
  '生育医疗费用报销',
  '新生儿医保参保登记',
];

export const JUDGED_QUERIES: readonly JudgedQuery[] = [
  // 口语 colloquial
  { q: '办身份证', kind: 'colloquial', relevant: ID_CARD },
  {
    q: '身份证丢了怎么办',
    kind: 'colloquial',
    relevant: ['居民身份证补领', '居民身份证挂失申报', '临时居民身份证申领'],
  },
  { q: '身份证到期了', kind: 'colloquial', relevant: ['居民身份证换领'] },
  { q: '生孩子要办什么', kind: 'colloquial', relevant: BIRTH },
  { q: '给孩子上户口', kind: 'colloquial', relevant: ['出生登记'] },
  { q: '公积金怎么取', kind: 'colloquial', relevant: HPF_WITHDRAW },
  { q: '租房提取公积金', kind: 'colloquial', relevant: ['住房公积金提取（租赁住房）'] },
  { q: '开饭店要什么证', kind: 'colloquial', relevant: ['食品经营许可', '个体工商户设立登记', '企业设立登记'] },
  { q: '开个小超市', kind: 'colloquial', relevant: ['个体工商户设立登记', '食品经营许可'] },
  { q: '结婚登记需要什么', kind: 'colloquial', relevant: ['内地居民结婚登记'] },
  { q: '领结婚证', kind: 'colloquial', relevant: ['内地居民结婚登记'] },
  { q: '办离婚', kind: 'colloquial', relevant: ['内地居民离婚登记'] },
  { q: '驾照到期换证', kind: 'colloquial', relevant: ['机动车驾驶证换证'] },
  { q: '驾照丢了', kind: 'colloquial', relevant: ['机动车驾驶证补证'] },
  { q: '考驾照', kind: 'colloquial', relevant: ['机动车驾驶人考试预约'] },
  { q: '新车上牌', kind: 'colloquial', relevant: ['机动车注册登记'] },
  { q: '二手车过户', kind: 'colloquial', relevant: ['机动车转移登记'] },
  { q: '电动车上牌', kind: 'colloquial', relevant: ['电动自行车登记'] },
  { q: '社保卡丢了', kind: 'colloquial', relevant: ['社会保障卡补换', '社会保障卡挂失与解挂'] },
  { q: '打印社保缴费证明', kind: 'colloquial', relevant: ['社会保险参保缴费证明查询打印'] },
  {
    q: '个人交社保',
    kind: 'colloquial',
    relevant: ['灵活就业人员参保登记', '灵活就业人员社会保险费缴纳', '城乡居民基本养老保险参保登记'],
  },
  { q: '办退休手续', kind: 'colloquial', relevant: ['职工退休申请（基本养老金申领）'] },
  { q: '领养老金认证', kind: 'colloquial', relevant: ['养老金领取资格认证'] },
  { q: '失业了怎么领失业金', kind: 'colloquial', relevant: ['失业保险金申领'] },
  { q: '上班受伤了', kind: 'colloquial', relevant: ['工伤认定申请'] },
  { q: '老板拖欠工资', kind: 'colloquial', relevant: ['劳动人事争议仲裁申请', '劳动保障监察投诉举报'] },
  { q: '异地看病报销', kind: 'colloquial', relevant: ['异地就医备案', '医疗费用手工（零星）报销'] },
  { q: '外地住院备案', kind: 'colloquial', relevant: ['异地就医备案'] },
  { q: '给宝宝办医保', kind: 'colloquial', relevant: ['新生儿医保参保登记'] },
  { q: '医药费报销', kind: 'colloquial', relevant: ['医疗费用手工（零星）报销'] },
  { q: '申请低保', kind: 'colloquial', relevant: ['最低生活保障申请'] },
  { q: '老人高龄补贴', kind: 'colloquial', relevant: ['高龄津贴申领'] },
  { q: '开无犯罪证明', kind: 'colloquial', relevant: ['无犯罪记录证明开具'] },
  { q: '办护照', kind: 'colloquial', relevant: ['普通护照签发'] },
  { q: '去香港要办什么', kind: 'colloquial', relevant: ['往来港澳通行证签发'] },
  { q: '户口本丢了', kind: 'colloquial', relevant: ['户口簿补领'] },
  { q: '买房落户', kind: 'colloquial', relevant: ['户口迁移（购房落户）'] },
  { q: '二手房过户', kind: 'colloquial', relevant: ['不动产转移登记（二手房买卖）'] },
  { q: '房子抵押登记', kind: 'colloquial', relevant: ['不动产抵押权登记'] },
  { q: '查房产信息', kind: 'colloquial', relevant: ['不动产登记资料查询'] },
  { q: '孩子上小学报名', kind: 'colloquial', relevant: ['义务教育阶段入学登记'] },
  { q: '申请公租房', kind: 'colloquial', relevant: ['公共租赁住房保障资格申请'] },
  { q: '个税退税', kind: 'colloquial', relevant: ['个人所得税综合所得汇算清缴'] },
  { q: '老年人免费坐公交', kind: 'colloquial', relevant: ['老年人免费乘车卡办理'] },
  { q: '请不起律师', kind: 'colloquial', relevant: ['法律援助申请'] },
  { q: '疫苗本丢了', kind: 'colloquial', relevant: ['预防接种证补办'] },
  { q: '准生证', kind: 'colloquial', relevant: ['生育登记'] },
  { q: '人去世了销户口', kind: 'colloquial', relevant: ['死亡注销户口登记'] },
  { q: '退役军人优待证', kind: 'colloquial', relevant: ['退役军人优待证申领'] },
  { q: '种粮补贴', kind: 'colloquial', relevant: ['耕地地力保护补贴发放'] },

  // 不完整 partial
  { q: '公积金提取', kind: 'partial', relevant: HPF_WITHDRAW },
  { q: '公积金贷款', kind: 'partial', relevant: ['住房公积金个人住房贷款申请', '住房公积金异地贷款申请'] },
  { q: '身份证补领', kind: 'partial', relevant: ['居民身份证补领'] },
  { q: '户口迁移', kind: 'partial', relevant: HUKOU_MOVE },
  { q: '结婚', kind: 'partial', relevant: ['内地居民结婚登记'] },
  { q: '个体户', kind: 'partial', relevant: ['个体工商户设立登记', '个体工商户变更登记', '个体工商户注销登记'] },
  { q: '食品经营', kind: 'partial', relevant: ['食品经营许可', '食品经营许可变更', '食品经营许可延续'] },
  { q: '教师资格', kind: 'partial', relevant: ['教师资格认定', '教师资格证书补发换发'] },
  { q: '居住证', kind: 'partial', relevant: ['居住证申领', '居住证签注'] },
  { q: '失业保险', kind: 'partial', relevant: ['失业保险金申领', '失业保险稳岗返还'] },
  { q: '社保卡', kind: 'partial', relevant: ['社会保障卡申领', '社会保障卡补换', '社会保障卡挂失与解挂'] },
  {
    q: '不动产登记',
    kind: 'partial',
    relevant: [
      '不动产首次登记（房屋所有权）',
      '不动产转移登记（二手房买卖）',
      '不动产转移登记（继承、受遗赠）',
      '不动产变更登记',
      '不动产抵押权登记',
      '不动产预告登记',
      '不动产更正登记',
      '不动产抵押权注销登记',
      '不动产登记资料查询',
    ],
  },
  { q: '出生医学证明', kind: 'partial', relevant: ['出生医学证明首次签发', '出生医学证明补发'] },
  { q: '护士注册', kind: 'partial', relevant: ['护士执业注册', '护士延续执业注册'] },
  { q: '慢特病', kind: 'partial', relevant: ['门诊慢特病待遇认定'] },
  { q: '法律援助', kind: 'partial', relevant: ['法律援助申请'] },
  { q: '公积金缴存证明', kind: 'partial', relevant: ['住房公积金缴存证明出具'] },
  { q: '港澳通行证', kind: 'partial', relevant: ['往来港澳通行证签发'] },
  { q: '网约车驾驶员', kind: 'partial', relevant: ['网络预约出租汽车驾驶员证核发'] },
  { q: '火化证明', kind: 'partial', relevant: ['惠民殡葬补贴申领'] },

  // 错别字、同音字 typo
  { q: '身分证', kind: 'typo', relevant: ID_CARD },
  { q: '办身分证', kind: 'typo', relevant: ID_CARD },
  { q: '公基金提取', kind: 'typo', relevant: HPF_WITHDRAW },
  { q: '户口前移', kind: 'typo', relevant: HUKOU_MOVE },
  {
    q: '营业执炤',
    kind: 'typo',
    relevant: [
      '个体工商户设立登记',
      '企业设立登记',
      '企业变更登记',
      '个体工商户变更登记',
      '农民专业合作社设立登记',
      '分公司设立登记',
    ],
  },
  { q: '结昏登记', kind: 'typo', relevant: ['内地居民结婚登记'] },
  { q: '社会宝险缴费证明', kind: 'typo', relevant: ['社会保险参保缴费证明查询打印'] },
  { q: '养老经认证', kind: 'typo', relevant: ['养老金领取资格认证'] },
  { q: '驾驶正换证', kind: 'typo', relevant: ['机动车驾驶证换证'] },
  { q: '居住正', kind: 'typo', relevant: ['居住证申领', '居住证签注'] },
  { q: '失业经申领', kind: 'typo', relevant: ['失业保险金申领'] },
  { q: '低报申请', kind: 'typo', relevant: ['最低生活保障申请'] },
  { q: '护招', kind: 'typo', relevant: ['普通护照签发'] },
  { q: '医疗报消', kind: 'typo', relevant: ['医疗费用手工（零星）报销', '生育医疗费用报销'] },
  { q: '出生证名', kind: 'typo', relevant: ['出生医学证明首次签发', '出生医学证明补发'] },

  // 拼音、首字母 pinyin
  {
    q: 'gjj',
    kind: 'pinyin',
    relevant: HPF_WITHDRAW.concat([
      '住房公积金个人住房贷款申请',
      '住房公积金贷款提前还款',
      '住房公积金异地贷款申请',
      '住房公积金单位缴存登记',
      '住房公积金个人账户设立',
      '住房公积金单位缴存信息变更',
      '住房公积金缴存基数调整',
      '住房公积金个人账户封存与启封',
      '住房公积金缴存证明出具',
      '灵活就业人员住房公积金缴存登记',
      '住房公积金异地转移接续',
    ]),
  },
  { q: 'gjjtq', kind: 'pinyin', relevant: HPF_WITHDRAW },
  {
    q: 'sfz',
    kind: 'pinyin',
    relevant: ['居民身份证申领', '居民身份证换领', '居民身份证补领', '居民身份证挂失申报', '临时居民身份证申领'],
  },
  { q: 'jmsfzsl', kind: 'pinyin', relevant: ['居民身份证申领'] },
  {
    q: 'shenfenzheng',
    kind: 'pinyin',
    relevant: ['居民身份证申领', '居民身份证换领', '居民身份证补领', '居民身份证挂失申报', '临时居民身份证申领'],
  },
  { q: 'hkbbl', kind: 'pinyin', relevant: ['户口簿补领'] },
  { q: 'jhdj', kind: 'pinyin', relevant: ['内地居民结婚登记'] },
  { q: 'sbk', kind: 'pinyin', relevant: ['社会保障卡申领', '社会保障卡补换', '社会保障卡挂失与解挂'] },
  { q: 'gtgsh', kind: 'pinyin', relevant: ['个体工商户设立登记', '个体工商户变更登记', '个体工商户注销登记'] },
  { q: 'spjyxk', kind: 'pinyin', relevant: ['食品经营许可'] },
  { q: 'hunyin', kind: 'pinyin', relevant: ['婚姻登记档案查询'] },
  { q: 'jzz', kind: 'pinyin', relevant: ['居住证申领', '居住证签注'] },

  // 带地名 region-qualified
  { q: '哈尔滨 公积金提取', kind: 'region', relevant: HPF_WITHDRAW, region: HARBIN },
  { q: '哈尔滨公积金贷款', kind: 'region', relevant: ['住房公积金个人住房贷款申请'], region: HARBIN },
  { q: '齐齐哈尔 公积金提取', kind: 'region', relevant: HPF_WITHDRAW, region: QIQIHAR },
  { q: '鸡西市住房公积金缴存证明', kind: 'region', relevant: ['住房公积金缴存证明出具'], region: JIXI },
  { q: '南岗区 办身份证', kind: 'region', relevant: ID_CARD, region: NANGANG },
  {
    q: '道里区身份证丢了',
    kind: 'region',
    relevant: ['居民身份证补领', '居民身份证挂失申报', '临时居民身份证申领'],
    region: DAOLI,
  },
  { q: '道里 户口迁移', kind: 'region', relevant: HUKOU_MOVE, region: DAOLI },
  { q: '松北区结婚登记', kind: 'region', relevant: ['内地居民结婚登记'], region: SONGBEI },
  {
    q: '哈市 营业执照',
    kind: 'region',
    relevant: [
      '企业设立登记',
      '个体工商户设立登记',
      '企业变更登记',
      '个体工商户变更登记',
      '农民专业合作社设立登记',
      '分公司设立登记',
    ],
    region: HARBIN,
  },
  { q: '哈尔滨 开公司', kind: 'region', relevant: ['企业设立登记'], region: HARBIN },
  { q: '南岗 低保', kind: 'region', relevant: ['最低生活保障申请'], region: NANGANG },
  { q: '冰城 护照', kind: 'region', relevant: ['普通护照签发'], region: HARBIN },
  { q: '哈尔滨 异地就医', kind: 'region', relevant: ['异地就医备案'], region: HARBIN },
  { q: '道里区 出生登记', kind: 'region', relevant: ['出生登记'], region: DAOLI },

  // 企业办事 company
  { q: '公司注册', kind: 'company', relevant: ['企业设立登记'] },
  { q: '注册公司需要什么材料', kind: 'company', relevant: ['企业设立登记'] },
  { q: '招工备案', kind: 'company', relevant: ['招用人员就业登记', '用工备案'] },
  { q: '新员工入职备案', kind: 'company', relevant: ['招用人员就业登记', '用工备案'] },
  { q: '公司变更法人', kind: 'company', relevant: ['企业变更登记'] },
  { q: '注销公司', kind: 'company', relevant: ['企业注销登记', '企业简易注销登记'] },
  { q: '简易注销', kind: 'company', relevant: ['企业简易注销登记'] },
  { q: '企业年报', kind: 'company', relevant: ['企业年度报告公示'] },
  { q: '单位公积金开户', kind: 'company', relevant: ['住房公积金单位缴存登记', '住房公积金个人账户设立'] },
  { q: '单位社保参保登记', kind: 'company', relevant: ['企业职工基本养老保险参保登记', '职工基本医疗保险参保登记'] },
  { q: '稳岗补贴', kind: 'company', relevant: ['失业保险稳岗返还'] },
  { q: '领发票', kind: 'company', relevant: ['发票领用'] },
  { q: '一般纳税人登记', kind: 'company', relevant: ['增值税一般纳税人登记'] },
  { q: '刻公章', kind: 'company', relevant: ['印章刻制备案'] },
  { q: '施工许可证', kind: 'company', relevant: ['建筑工程施工许可证核发'] },
  {
    q: '环评审批',
    kind: 'company',
    relevant: ['建设项目环境影响报告书审批', '建设项目环境影响报告表审批', '建设项目环境影响登记表备案'],
  },
  { q: '排污证', kind: 'company', relevant: ['排污许可证核发'] },
  { q: '开旅行社', kind: 'company', relevant: ['旅行社设立许可'] },
  { q: '劳务派遣许可', kind: 'company', relevant: ['劳务派遣经营许可'] },
  { q: '进出口备案', kind: 'company', relevant: ['对外贸易经营者备案登记'] },
  { q: '消防安全检查', kind: 'company', relevant: ['公众聚集场所投入使用、营业前消防安全检查'] },
  { q: '投资项目备案', kind: 'company', relevant: ['企业投资项目备案'] },
  { q: '危险化学品经营许可证', kind: 'company', relevant: ['危险化学品经营许可'] },

  // 正式名称 official
  { q: '居民身份证申领', kind: 'official', relevant: ['居民身份证申领'] },
  { q: '企业设立登记', kind: 'official', relevant: ['企业设立登记'] },
  { q: '食品经营许可', kind: 'official', relevant: ['食品经营许可'] },
  { q: '住房公积金提取（租赁住房）', kind: 'official', relevant: ['住房公积金提取（租赁住房）'] },
  { q: '内地居民结婚登记', kind: 'official', relevant: ['内地居民结婚登记'] },
  { q: '最低生活保障申请', kind: 'official', relevant: ['最低生活保障申请'] },
  { q: '医疗机构执业登记', kind: 'official', relevant: ['医疗机构执业登记'] },
  { q: '取水许可', kind: 'official', relevant: ['取水许可'] },
];
