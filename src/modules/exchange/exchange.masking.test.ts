import { describe, expect, it } from 'vitest';
import { maskAddress, maskDate, maskName, maskPhone, project, type FieldSpec } from './exchange.masking.js';

const fields: FieldSpec[] = [
  { name: 'id_number', type: 'string', sensitivity: 'important' },
  { name: 'name', type: 'string', sensitivity: 'important' },
  { name: 'sex', type: 'string', sensitivity: 'general' },
  { name: 'birth_date', type: 'date', sensitivity: 'important' },
  { name: 'address', type: 'string', sensitivity: 'important' },
  { name: 'phone', type: 'string', sensitivity: 'important' },
  { name: 'income', type: 'number', sensitivity: 'important' },
  { name: 'criminal_record', type: 'string', sensitivity: 'core' },
];
const person = {
  idNumber: '42070419850712123X',
  name: '张三丰',
  sex: 'male',
  birthDate: '1985-07-12',
  address: '湖北省鄂州市鄂城区凤凰街道滨湖南路8号',
  phone: '13812345678',
  income: 5200,
  criminalRecord: '无',
};

describe('masking by sensitivity', () => {
  it('returns general fields clear, important masked, core withheld', () => {
    expect(project(person, fields, false)).toEqual({
      data: {
        id_number: '4207**********123X',
        name: '张**',
        sex: 'male',
        birth_date: '1985-**-**',
        address: '湖北省鄂州市鄂城区凤凰街道****',
        phone: '138****5678',
        income: null,
        criminal_record: null,
      },
      withheld: ['criminal_record'],
    });
  });

  it('returns every granted field clear when the grant allows clear text', () => {
    const { data, withheld } = project(person, fields, true);
    expect(withheld).toEqual([]);
    expect(data).toMatchObject({ id_number: person.idNumber, name: '张三丰', income: 5200, criminal_record: '无' });
  });

  it('masks short and odd values without leaking them', () => {
    expect(maskName('李')).toBe('*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskAddress('鄂州市')).toBe('***');
    expect(maskAddress('湖北省鄂州市华容区葛店镇新城路1号')).toBe('湖北省鄂州市华容区葛店镇****');
    expect(maskDate('not a date')).toBe('****');
  });
});
