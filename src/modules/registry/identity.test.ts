import { describe, expect, it } from 'vitest';
import { citizenIdCheckChar, parseCitizenId } from '../../kernel/identifiers/index.js';
import { checkCitizenId, isCalendarDate, normalisePhone, shanghaiToday } from './identity.js';
import { maskAddress, maskName, maskPhone } from './masks.js';

describe('checkCitizenId', () => {
  const today = '2026-11-23';
  const todayInstant = new Date('2026-11-23T12:00:00+08:00');

  it('accepts and rejects exactly what the kernel parser does', () => {
    const samples: string[] = ['11010519491231002X', ' 11010519491231002x ', '34052419800101001X', '830000199001010013', '123'];
    for (let i = 0; i < 3000; i++) {
      const province = ['11', '42', '99', '83', '00'][i % 5]!;
      const year = 1890 + (i % 140);
      const month = String(1 + (i % 13)).padStart(2, '0');
      const day = String(1 + ((i * 7) % 31)).padStart(2, '0');
      const first17 = `${province}0704${year}${month}${day}${String(i % 1000).padStart(3, '0')}`;
      samples.push(first17 + citizenIdCheckChar(first17), first17 + (i % 11 === 0 ? 'X' : String(i % 10)));
    }
    for (const id of samples) {
      const ours = checkCitizenId(id, today);
      const kernel = parseCitizenId(id, { today: todayInstant });
      expect(ours.ok, id).toBe(kernel.ok);
      if (ours.ok && kernel.ok) {
        expect(ours.value).toEqual({ id: kernel.value.id, birthDate: kernel.value.birthDate, sex: kernel.value.sex });
      }
    }
  });

  it('knows today in Shanghai', () => {
    expect(shanghaiToday(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
  });
});

describe('isCalendarDate', () => {
  it('accepts real dates only, leap years included', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '1900-01-01', '2026-12-31']) {
      expect(isCalendarDate(ok), ok).toBe(true);
    }
    for (const bad of ['1900-02-29', '2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-1', '2026/04/01', 'abcd-ef-gh', '']) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
  });
});

describe('normalisePhone', () => {
  it('keeps digits of mobiles and landlines with an area code, drops +86', () => {
    expect(normalisePhone('138 1234 5678')).toBe('13812345678');
    expect(normalisePhone('+86-138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('8613812345678')).toBe('13812345678');
    expect(normalisePhone('0711-3201234')).toBe('07113201234');
    expect(normalisePhone('(010) 8888 6666')).toBe('01088886666');
    for (const bad of ['12812345678', '1381234567', '3201234', '12345', '0711-020', '00711-3201234', 'abc']) {
      expect(normalisePhone(bad), bad).toBeNull();
    }
  });
});

describe('masks', () => {
  it('masks names, phones and addresses', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('010888866661')).toBe('010*****6661');
    expect(maskPhone('3201234')).toBe('*******');
    expect(maskAddress('鄂城区凤凰街道滨湖北路12号')).toBe('鄂城区凤凰街****');
    expect(maskAddress('鄂城区')).toBe('***');
  });
});
