import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface ChartBar {
  label: string;
  value: number;
}

/** A horizontal bar chart of the home figures; only the ECharts pieces it needs are bundled. */
export default function FiguresChart({ bars, color }: { bars: ChartBar[]; color: string }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (element === null) {
      return;
    }
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    const ordered = [...bars].reverse();
    chart.setOption({
      animationDuration: 400,
      grid: { left: 8, right: 56, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // A plain linear axis: bars start at zero, so their lengths compare honestly; the value
      // labels keep small counts readable beside a large one.
      xAxis: {
        type: 'value',
        axisLabel: { color: '#8c8c8c' },
        splitLine: { lineStyle: { type: 'dashed', color: '#f0f0f0' } },
      },
      yAxis: { type: 'category', data: ordered.map((bar) => bar.label), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          data: ordered.map((bar) => bar.value),
          itemStyle: { color, borderRadius: [0, 4, 4, 0] },
          barMaxWidth: 18,
          label: {
            show: true,
            position: 'right',
            formatter: (params: { value: number }) => params.value.toLocaleString(),
          },
        },
      ],
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [bars, color]);

  return <div ref={host} style={{ width: '100%', height: Math.max(160, bars.length * 36) }} />;
}
