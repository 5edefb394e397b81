/** The 食品经营许可 application of the demo enterprise 创益食品 that bench/services-apply submits. */
export const FOOD_ITEM = '010004300000-420700000000-000-114207000110010179-1-00';

const PDF = Buffer.from('%PDF-1.7\n% bench material\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR bench image')]);

/** 餐饮 is not instant (秒批 refused): the application waits for 受理. */
export const foodForm = () => ({ phone: '13800138000', agentName: '白丹', agentIdNumber: '420704198507221127', premises: '华容区段店镇集镇大道170号', mainBusiness: '餐饮服务经营者', items: ['热食类食品制售'] });

/** Uploads the three materials the applicant must upload (the 营业执照 is its e-license); returns them by name. */
export async function foodMaterials(upload: (file: { filename: string; data: Buffer }) => Promise<{ id: string }>) {
  return [
    { name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', fileId: (await upload({ filename: '布局.pdf', data: PDF })).id },
    { name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单', fileId: (await upload({ filename: '制度.pdf', data: PDF })).id },
    { name: '食品安全管理人员身份证明', fileId: (await upload({ filename: '身份证.png', data: PNG })).id },
  ];
}
