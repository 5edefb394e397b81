/**
 * Place names of Ezhou (districts, streets, towns, roads, lakes and landmarks) as citizens
 * say them. They tell where a problem is, not whose it is: the features leave them out,
 * so that a category is not learnt from the addresses its examples happen to mention.
 */
const PLACES = `
鄂州 鄂州市 鄂城 鄂城区 华容区 梁子湖区 葛店开发区 临空经济区 花湖开发区 高新区 开发区
凤凰街道 古楼街道 西山街道 樊口街道 花湖街道 新庙镇 杨叶镇 汀祖镇 碧石渡镇 燕矶镇 长港镇 泽林镇 杜山镇 沙窝乡
华容镇 段店镇 庙岭镇 葛店镇 临江乡 蒲团乡 太和镇 涂家垴镇 梁子镇 沼山镇 东沟镇
凤凰 古楼 西山 樊口 花湖 新庙 杨叶 汀祖 碧石渡 燕矶 长港 泽林 杜山 沙窝 华容 段店 庙岭 葛店 临江 蒲团 太和 涂家垴 梁子 沼山 东沟
滨湖南路 滨湖北路 寒溪路 南浦路 武昌大道 吴都大道 樊川大道 樊山路 文星路 明塘路 寿山大道 新港路 江碧路 鄂城大道 东方红路 凤凰路
人民路 滨江路 三山大道 高新二路 高新三路 创业大道 华容大道 庙岭大道 段店大道 太和大道 泽林大道 长港大道 燕矶大道 沼山大道 梁子湖大道
汀祖大道 杜山大道 花湖大道 机场路 汀祖路 金牛路 莲花山路 西山路 新店路 光谷联合科技城
洋澜湖 梁子湖 三山湖 鸭儿湖 花马湖 红莲湖 长江 樊口大桥 鄂州长江大桥 梁子岛 莲花山 西山景区 江滩 滨江公园 滨湖公园
东门社区 石山社区 莲花山社区 峒山村 东港村 段店村 庙岭村 太和村 泽林村 长港村 燕矶村 沼山村 梁子村 涂家垴村
`;

export const PLACE_NAMES: ReadonlySet<string> = new Set(PLACES.split(/\s+/).filter((p) => p.length > 0));

/** Longest names first, to cut 滨湖南路 before 滨湖. */
const PATTERN = new RegExp([...PLACE_NAMES].sort((a, b) => b.length - a.length).join('|'), 'g');

/** `text` with the place names replaced by a space. */
export function withoutPlaces(text: string): string {
  return text.replace(PATTERN, ' ');
}
