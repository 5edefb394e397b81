/**
 * The console's Chinese dictionary, the reference for every other language: its keys are
 * the message keys of the whole console (see `Messages`). Placeholders look like `{name}`.
 */
export const zhCN = {
  'app.name': '一网',
  'app.tagline': '数字政府一体化平台',
  'app.slogan': '一网通办 · 一网统管 · 一网协同',

  'nav.home': '首页',
  'nav.divisions': '行政区划',
  'nav.organisations': '组织机构',
  'nav.users': '用户',
  'nav.audit': '审计日志',

  'header.language': '界面语言',
  'header.logout': '退出登录',
  'header.roles': '角色：{roles}',

  'login.title': '登录',
  'login.subtitle': '请使用您的一网账号登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.error.invalidCredentials': '用户名或密码错误，请重新输入。',
  'login.error.rateLimited': '登录尝试过于频繁，请在 {seconds} 秒后重试。',
  'login.error.rateLimitedSoon': '登录尝试过于频繁，请稍后重试。',
  'login.error.validation': '请输入有效的用户名和密码。',
  'login.error.network': '无法连接服务器，请检查网络后重试。',
  'login.error.generic': '登录失败，请稍后重试。',
  'login.footer': '开源数字政府平台 yiwang',

  'error.forbidden.title': '无权访问',
  'error.forbidden.description': '您的账号没有访问此内容所需的权限。如需开通，请联系平台管理员。',
  'error.notFound.title': '页面不存在',
  'error.notFound.description': '您访问的页面不存在或已被移除。',
  'error.load.title': '加载失败',
  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.generic': '服务器处理请求时出错（错误码 {code}）。',
  'error.retry': '重试',
  'error.backHome': '返回首页',
  'error.sessionExpired': '登录已失效，请重新登录。',

  'common.loading': '加载中…',
  'common.search': '搜索',
  'common.total': '共 {total} 条',
  'common.empty': '暂无数据',
  'common.system': '系统',

  'home.title': '{city}概览',
  'home.subtitle': '行政区划代码 {code}',
  'home.figures': '关键数字',
  'home.chart': '数字一览',
  'home.recentAudit': '最近操作',
  'home.allAudit': '查看全部审计日志',

  'figure.counties': '县级行政区',
  'figure.townships': '乡镇（街道）',
  'figure.organisations': '组织机构',
  'figure.departments': '政府部门',
  'figure.users': '用户',
  'figure.roles': '角色',
  'figure.apiKeys': 'API 密钥',
  'figure.auditRecords': '审计记录',

  'division.code': '区划代码',
  'division.name': '名称',
  'division.level': '级别',
  'division.parentCode': '上级代码',
  'division.root': '全部区划',
  'division.hint': '点击一行查看其下级区划。',
  'division.level.province': '省级',
  'division.level.city': '地级',
  'division.level.county': '县级',
  'division.level.township': '乡级',
  'division.level.village': '村级',

  'organisation.name': '名称',
  'organisation.kind': '类型',
  'organisation.division': '所属区划',
  'organisation.creditCode': '统一社会信用代码',
  'organisation.search': '按名称或统一社会信用代码搜索',
  'organisation.kind.government': '政府',
  'organisation.kind.department': '部门',
  'organisation.kind.enterprise': '企业',
  'organisation.kind.other': '其他',

  'user.username': '用户名',
  'user.displayName': '姓名',
  'user.organisation': '所属机构',
  'user.division': '区划代码',
  'user.roles': '角色',
  'user.status': '状态',
  'user.lastLoginAt': '最近登录',
  'user.neverLoggedIn': '从未登录',
  'user.search': '按用户名或姓名搜索',
  'user.status.active': '正常',
  'user.status.disabled': '已停用',

  'audit.seq': '序号',
  'audit.at': '时间',
  'audit.actor': '操作者',
  'audit.action': '操作',
  'audit.target': '对象',
  'audit.details': '详情',
  'audit.hash': '哈希',
  'audit.noDetails': '无详情',
};

/** Every message key of the console. */
export type MessageKey = keyof typeof zhCN;

/** A complete dictionary: exactly the keys of the Chinese one, each a string. */
export type Messages = { readonly [K in MessageKey]: string };
