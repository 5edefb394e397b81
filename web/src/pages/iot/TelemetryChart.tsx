import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { EChart, type ChartOption } from '../exchange/EChart';
import type { Rule, Telemetry, TelemetryField } from './api';

echarts.use([MarkLineComponent]);

/** A rule's lines on a field's chart: the threshold, and the clear threshold when it differs. */
function thresholdLines(rules: Rule[], field: string) {
  const lines: Array<{ yAxis: number; name: string; lineStyle: { color: string; type: 'solid' | 'dashed' } }> = [];
  for (const rule of rules) {
    if (rule.kind !== 'threshold' || rule.field !== field || rule.threshold === null || !rule.enabled) {
      continue;
    }
    lines.push({ yAxis: rule.threshold, name: `${rule.name} ${rule.operator ?? ''} ${rule.threshold}`, lineStyle: { color: '#cf1322', type: 'solid' } });
    if (rule.clearThreshold !== null && rule.clearThreshold !== rule.threshold) {
      lines.push({ yAxis: rule.clearThreshold, name: `${rule.clearThreshold}`, lineStyle: { color: '#d48806', type: 'dashed' } });
    }
  }
  return lines;
}

/** One line chart of a telemetry field over the chosen range, its rules' thresholds as mark lines. */
export function TelemetryChart({ field, telemetry, rules }: { field: TelemetryField; telemetry: Telemetry; rules: Rule[] }) {
  const option = useMemo<ChartOption>(() => {
    const data = telemetry.points.map((p) => [p.ts, p.values[field.key] ?? null]);
    const lines = thresholdLines(rules, field.key);
    const values = [...data.map((d) => d[1]).filter((v): v is number => typeof v === 'number'), ...lines.map((l) => l.yAxis)];
    const low = values.length > 0 ? Math.min(...values) : 0;
    const high = values.length > 0 ? Math.max(...values) : 1;
    const pad = (high - low) * 0.1 || Math.max(Math.abs(high) * 0.01, 0.1);
    // Round the axis ends to the range's own order of magnitude (21.1, not 21.142).
    const step = 10 ** Math.floor(Math.log10(high - low + 2 * pad));
    const round = (value: number, how: (x: number) => number) => Number((how(value / step) * step).toPrecision(12));
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 24, top: 32, bottom: 32 },
      xAxis: { type: 'time', min: telemetry.from, max: telemetry.to, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', name: field.unit, scale: true, min: round(low - pad, Math.floor), max: round(high + pad, Math.ceil) },
      series: [
        {
          name: field.label,
          type: 'line',
          showSymbol: data.length < 60,
          connectNulls: false,
          data,
          markLine: lines.length > 0 ? { symbol: 'none', label: { formatter: '{b}', position: 'insideEndTop' }, data: lines } : undefined,
        },
      ],
    };
  }, [telemetry, rules, field]);
  return <EChart option={option} height={240} testId={`telemetry-chart-${field.key}`} />;
}
