import { creditCodeCheckChar, orgCodeCheckChar } from '../../../kernel/identifiers/index.js';
import { divisionDirectory, type Township } from '../divisions.js';
import { DISTRICT_SHARES, SURNAMES, URBAN_ROADS, VILLAGES, ZONE_ROADS } from './names.js';
import { weighted, type Random } from './random.js';

export interface DemoEntity {
  creditCode: string;
  name: string;
  type: string;
  legalRepName: string;
  legalRepIdNumber: string;
  registeredCapital: string;
  establishedOn: string;
  divisionCode: string;
  address: string;
  status: string;
}

export const ENTITY_CSV_HEADER = ['统一社会信用代码', '名称', '类型', '法定代表人', '法定代表人身份证号码', '注册资本（万元）', '成立日期', '所在区划', '住所', '登记状态'];
export const entityCells = (e: DemoEntity) => [
  e.creditCode, e.name, e.type, e.legalRepName, e.legalRepIdNumber, e.registeredCapital, e.establishedOn, e.divisionCode, e.address, e.status,
];

/** A person from the demo register who may represent an entity. */
export interface Representative {
  idNumber: string;
  name: string;
}

const ALPHABET = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];
const BRAND_CHARS = [...'华鑫源恒通昌达顺发天成宏图金诚泰和永兴瑞丰嘉禾亿博远众旺盛隆鼎峰信德润益康安荣耀辉腾凯晟弘豪俊汇联创新科楚江湖凤吴鄂'];
const INDUSTRIES = [
  '建材', '物流', '电子科技', '农业发展', '水产养殖', '商贸', '机械制造', '餐饮管理', '置业', '环保科技', '生物科技', '建筑工程', '钢结构', '新材料', '医药',
  '食品', '纺织', '汽车服务', '信息技术', '装饰工程', '劳务', '物业管理', '旅游开发', '文化传媒', '冶金', '再生资源', '供应链管理', '光电科技', '航空物流', '武昌鱼',
];
const SHOPS = [
  '副食店', '五金店', '早餐店', '面馆', '理发店', '服装店', '水果店', '便利店', '烟酒店', '建材经营部', '家电维修部', '手机店', '小吃店', '汽车修理部',
  '农资店', '粮油店', '茶馆', '花店', '文具店', '鲜鱼馆', '武昌鱼馆', '超市', '干洗店', '棋牌室', '快递代办点',
];
const COOPERATIVE_PRODUCTS = ['水产养殖', '蔬菜种植', '莲藕种植', '水稻种植', '生猪养殖', '家禽养殖', '茶叶种植', '苗木花卉', '农机服务', '果蔬种植'];
const INSTITUTIONS = ['卫生院', '文化站', '农业技术服务中心', '中心小学', '初级中学', '社区卫生服务中心', '水利管理站', '财政所'];
const ASSOCIATIONS = ['餐饮行业协会', '水产学会', '建筑业协会', '物流协会', '电子商务协会', '农业产业化协会', '书法家协会', '老年体育协会', '青年企业家协会', '武昌鱼产业协会'];

/** Kinds by share: GB 32100 registrar and type, and the weight of each in the register. */
const KINDS = weighted<readonly [string, string]>([
  [['9', '2'], 62],
  [['9', '1'], 33],
  [['9', '3'], 3],
  [['1', '2'], 1],
  [['1', '1'], 0.5],
  [['5', '1'], 0.5],
]);
const CAPITAL = {
  '1': ['3', '5', '10', '20', '30', '50', '100', '100', '200', '200', '300', '500', '500', '1000', '1000', '2000', '5000', '10000'],
  '2': ['1', '2', '3', '5', '5', '10', '10', '20', '30', '50'],
  '3': ['10', '20', '50', '50', '100', '200', '500'],
} as const;
const STATUS = weighted<string>([['存续', 78], ['在业', 10], ['注销', 8], ['吊销', 4]]);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function street(random: Random, township: Township): string {
  switch (township.kind) {
    case 'subdistrict':
      return random.pick(URBAN_ROADS);
    case 'quasi-township':
      return random.pick(ZONE_ROADS);
    default:
      return random.chance(0.5) ? `${random.pick(VILLAGES)}村` : random.pick(['正街', '新街', '集镇大道', '工业园']);
  }
}

/**
 * A credit code (GB 32100) with a valid GB 11714 organisation code and final check
 * character. Market entities registered since the 2015 reform carry `MA…` organisation
 * codes; older ones and public bodies kept their numeric codes.
 */
function creditCode(random: Random, registrar: string, type: string, division: string, established: string): string {
  const body = registrar === '9' && established >= '2015-10-01' ? `MA4${Array.from({ length: 5 }, () => random.pick(ALPHABET)).join('')}` : pad(random.int(100_000_000), 8);
  const first17 = `${registrar}${type}${division}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

function date(random: Random, fromYear: number, toDate: string, recentBias: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.parse(`${toDate}T00:00:00Z`);
  // A power below 1 skews towards recent years: most registered businesses are young.
  const t = from + (to - from) * Math.pow(random.next(), recentBias);
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Ezhou's synthetic legal entities: individual businesses, companies, cooperatives and a
 * few public bodies, with valid credit codes of Ezhou's registrars, realistic names and
 * legal representatives drawn from the person register. Deterministic for a seed.
 */
export function* generateEntities(random: Random, count: number, asOf: string, representatives: readonly Representative[]): Generator<DemoEntity> {
  const directory = divisionDirectory();
  const codes = new Set<string>();
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const [registrar, type] = random.weighted(KINDS);
    const county = random.weighted(DISTRICT_SHARES);
    const countyName = directory.name(county) ?? '';
    const township: Township = random.pick(directory.townshipsOf(county));
    const registrarDivision = registrar === '9' && type !== '2' && random.chance(0.5) ? '420700' : county;
    const established = registrar === '9' ? date(random, type === '1' ? 1995 : 2005, asOf, 0.6) : date(random, 1980, asOf, 1);
    let code = creditCode(random, registrar, type, registrarDivision, established);
    while (codes.has(code)) {
      code = creditCode(random, registrar, type, registrarDivision, established);
    }
    codes.add(code);
    let name = '';
    for (let attempt = 0; name === '' || names.has(name); attempt++) {
      const brand = random.pick(BRAND_CHARS) + random.pick(BRAND_CHARS);
      const suffix = attempt > 5 ? String(attempt) : '';
      switch (`${registrar}${type}`) {
        case '92':
          name = random.chance(0.5)
            ? `鄂州市${countyName}${brand}${random.pick(SHOPS)}${suffix}`
            : `鄂州市${countyName}${township.name}${random.weighted(SURNAMES)}记${random.pick(SHOPS)}${suffix}`;
          break;
        case '91':
          name = `${random.chance(0.8) ? '鄂州市' : '湖北'}${brand}${random.pick(INDUSTRIES)}${suffix}${random.chance(0.05) ? '股份' : ''}有限公司`;
          break;
        case '93':
          name = `鄂州市${countyName}${township.name}${random.pick(VILLAGES)}${random.pick(COOPERATIVE_PRODUCTS)}专业合作社${suffix}`;
          break;
        case '12':
          name = `鄂州市${countyName}${township.name}${random.pick(INSTITUTIONS)}${suffix}`;
          break;
        case '11':
          name = `鄂州市${countyName}${township.name}${random.pick([township.kind === 'subdistrict' ? '办事处' : '人民政府', '综合执法中队', '便民服务中心'])}${suffix}`;
          break;
        default:
          name = `鄂州市${random.pick(ASSOCIATIONS)}${suffix}`;
      }
    }
    names.add(name);
    const rep = random.pick(representatives);
    const capitals = CAPITAL[type as keyof typeof CAPITAL];
    yield {
      creditCode: code,
      name,
      type: registrar === '9' ? (type === '1' ? (name.endsWith('股份有限公司') ? '股份有限公司' : '有限责任公司') : type === '2' ? '个体工商户' : '农民专业合作社') : '',
      legalRepName: rep.name,
      legalRepIdNumber: random.chance(0.97) ? rep.idNumber : '',
      registeredCapital: registrar === '9' && capitals ? random.pick(capitals) : '',
      establishedOn: established,
      divisionCode: registrar === '9' ? township.code : county,
      address: `${countyName}${township.name}${street(random, township)}${1 + random.int(300)}号`,
      status: registrar === '9' ? random.weighted(STATUS) : '存续',
    };
  }
}
