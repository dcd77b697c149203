/**
 * 黑龙江省 administrative divisions with their GB/T 2260 codes (as in force after the 2019 伊春
 * reform, 嫩江撤县设市 2019, 漠河撤县设市 2018, 东宁撤县设市 2015). 加格达奇区 and 松岭区 are left out: they
 * have no GB/T 2260 code (administered by 大兴安岭地区 on 内蒙古 territory).
 * Codes are normalised to 12 digits (6 + 000000), as provincial platforms pass them (data-standards c.10).
 */

export type DivisionLevel = 'province' | 'prefecture' | 'county';

export interface Division {
  /** 12-digit area code. */
  code: string;
  /** 6-digit GB/T 2260 code. */
  code6: string;
  name: string;
  /** Name with its parents, e.g. 哈尔滨市道里区 (used in addresses and department names). */
  fullName: string;
  level: DivisionLevel;
  parentCode: string | null;
  /** City districts (区) get 分局-style departments and urban addresses. */
  isDistrict: boolean;
}

type RawCounty = readonly [code6: string, name: string];
type RawPrefecture = readonly [code6: string, name: string, counties: readonly RawCounty[]];

const RAW: readonly RawPrefecture[] = [
  [
    '230100',
    '哈尔滨市',
    [
      ['230102', '道里区'],
      ['230103', '南岗区'],
      ['230104', '道外区'],
      ['230108', '平房区'],
      ['230109', '松北区'],
      ['230110', '香坊区'],
      ['230111', '呼兰区'],
      ['230112', '阿城区'],
      ['230113', '双城区'],
      ['230123', '依兰县'],
      ['230124', '方正县'],
      ['230125', '宾县'],
      ['230126', '巴彦县'],
      ['230127', '木兰县'],
      ['230128', '通河县'],
      ['230129', '延寿县'],
      ['230183', '尚志市'],
      ['230184', '五常市'],
    ],
  ],
  [
    '230200',
    '齐齐哈尔市',
    [
      ['230202', '龙沙区'],
      ['230203', '建华区'],
      ['230204', '铁锋区'],
      ['230205', '昂昂溪区'],
      ['230206', '富拉尔基区'],
      ['230207', '碾子山区'],
      ['230208', '梅里斯达斡尔族区'],
      ['230221', '龙江县'],
      ['230223', '依安县'],
      ['230224', '泰来县'],
      ['230225', '甘南县'],
      ['230227', '富裕县'],
      ['230229', '克山县'],
      ['230230', '克东县'],
      ['230231', '拜泉县'],
      ['230281', '讷河市'],
    ],
  ],
  [
    '230300',
    '鸡西市',
    [
      ['230302', '鸡冠区'],
      ['230303', '恒山区'],
      ['230304', '滴道区'],
      ['230305', '梨树区'],
      ['230306', '城子河区'],
      ['230307', '麻山区'],
      ['230321', '鸡东县'],
      ['230381', '虎林市'],
      ['230382', '密山市'],
    ],
  ],
  [
    '230400',
    '鹤岗市',
    [
      ['230402', '向阳区'],
      ['230403', '工农区'],
      ['230404', '南山区'],
      ['230405', '兴安区'],
      ['230406', '东山区'],
      ['230407', '兴山区'],
      ['230421', '萝北县'],
      ['230422', '绥滨县'],
    ],
  ],
  [
    '230500',
    '双鸭山市',
    [
      ['230502', '尖山区'],
      ['230503', '岭东区'],
      ['230505', '四方台区'],
      ['230506', '宝山区'],
      ['230521', '集贤县'],
      ['230522', '友谊县'],
      ['230523', '宝清县'],
      ['230524', '饶河县'],
    ],
  ],
  [
    '230600',
    '大庆市',
    [
      ['230602', '萨尔图区'],
      ['230603', '龙凤区'],
      ['230604', '让胡路区'],
      ['230605', '红岗区'],
      ['230606', '大同区'],
      ['230621', '肇州县'],
      ['230622', '肇源县'],
      ['230623', '林甸县'],
      ['230624', '杜尔伯特蒙古族自治县'],
    ],
  ],
  [
    '230700',
    '伊春市',
    [
      ['230717', '伊美区'],
      ['230718', '乌翠区'],
      ['230719', '友好区'],
      ['230722', '嘉荫县'],
      ['230723', '汤旺县'],
      ['230724', '丰林县'],
      ['230725', '大箐山县'],
      ['230726', '南岔县'],
      ['230751', '金林区'],
      ['230781', '铁力市'],
    ],
  ],
  [
    '230800',
    '佳木斯市',
    [
      ['230803', '向阳区'],
      ['230804', '前进区'],
      ['230805', '东风区'],
      ['230811', '郊区'],
      ['230822', '桦南县'],
      ['230826', '桦川县'],
      ['230828', '汤原县'],
      ['230881', '同江市'],
      ['230882', '富锦市'],
      ['230883', '抚远市'],
    ],
  ],
  [
    '230900',
    '七台河市',
    [
      ['230902', '新兴区'],
      ['230903', '桃山区'],
      ['230904', '茄子河区'],
      ['230921', '勃利县'],
    ],
  ],
  [
    '231000',
    '牡丹江市',
    [
      ['231002', '东安区'],
      ['231003', '阳明区'],
      ['231004', '爱民区'],
      ['231005', '西安区'],
      ['231025', '林口县'],
      ['231081', '绥芬河市'],
      ['231083', '海林市'],
      ['231084', '宁安市'],
      ['231085', '穆棱市'],
      ['231086', '东宁市'],
    ],
  ],
  [
    '231100',
    '黑河市',
    [
      ['231102', '爱辉区'],
      ['231123', '逊克县'],
      ['231124', '孙吴县'],
      ['231181', '北安市'],
      ['231182', '五大连池市'],
      ['231183', '嫩江市'],
    ],
  ],
  [
    '231200',
    '绥化市',
    [
      ['231202', '北林区'],
      ['231221', '望奎县'],
      ['231222', '兰西县'],
      ['231223', '青冈县'],
      ['231224', '庆安县'],
      ['231225', '明水县'],
      ['231226', '绥棱县'],
      ['231281', '安达市'],
      ['231282', '肇东市'],
      ['231283', '海伦市'],
    ],
  ],
  [
    '232700',
    '大兴安岭地区',
    [
      ['232701', '漠河市'],
      ['232721', '呼玛县'],
      ['232722', '塔河县'],
    ],
  ],
];

const pad12 = (code6: string): string => `${code6}000000`;

export const PROVINCE: Division = {
  code: pad12('230000'),
  code6: '230000',
  name: '黑龙江省',
  fullName: '黑龙江省',
  level: 'province',
  parentCode: null,
  isDistrict: false,
};

export const PREFECTURES: readonly Division[] = RAW.map(([code6, name]) => ({
  code: pad12(code6),
  code6,
  name,
  fullName: name,
  level: 'prefecture' as const,
  parentCode: PROVINCE.code,
  isDistrict: false,
}));

export const COUNTIES: readonly Division[] = RAW.flatMap(([pCode6, pName, counties]) =>
  counties.map(([code6, name]) => ({
    code: pad12(code6),
    code6,
    name,
    fullName: pName + name,
    level: 'county' as const,
    parentCode: pad12(pCode6),
    isDistrict: name.endsWith('区'),
  })),
);

export const DIVISIONS: readonly Division[] = [PROVINCE, ...PREFECTURES, ...COUNTIES];

const BY_CODE = new Map(DIVISIONS.map((d) => [d.code, d]));

export function divisionByCode(code: string): Division | undefined {
  return BY_CODE.get(code.length === 6 ? pad12(code) : code);
}

/** The prefecture a division belongs to (itself for a prefecture, undefined for the province). */
export function prefectureOf(division: Division): Division | undefined {
  if (division.level === 'prefecture') return division;
  if (division.level === 'county' && division.parentCode) return BY_CODE.get(division.parentCode);
  return undefined;
}

/** Telephone area codes, for 咨询/监督电话 (0451-… style). */
export const PHONE_AREA_CODES: Readonly<Record<string, string>> = {
  '230000': '0451',
  '230100': '0451',
  '230200': '0452',
  '230300': '0467',
  '230400': '0468',
  '230500': '0469',
  '230600': '0459',
  '230700': '0458',
  '230800': '0454',
  '230900': '0464',
  '231000': '0453',
  '231100': '0456',
  '231200': '0455',
  '232700': '0457',
};

export function phoneAreaCode(division: Division): string {
  const pref = prefectureOf(division);
  return PHONE_AREA_CODES[(pref ?? PROVINCE).code6] ?? '0451';
}
