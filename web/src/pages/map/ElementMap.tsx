import { CustomChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { AreaCollection } from './api';
import { MAP_NAME } from './layers';

// SVG: district names and points stay in the page as elements (readable by tests and screen readers).
echarts.use([GeoComponent, LegendComponent, TooltipComponent, CustomChart, ScatterChart, SVGRenderer]);

export type MapClick = { kind: 'case'; id: string } | { kind: 'grid'; code: string } | { kind: 'district'; name: string } | { kind: 'device'; code: string };

/**
 * The city map: the districts registered from the API's GeoJSON as the geo component, and
 * the layers' series on it. `series` replaces the layers; the view (zoom, centre) is kept
 * unless `focus` changes.
 */
export function ElementMap(props: {
  districts: AreaCollection;
  series: object[];
  legend: string[];
  focus: { center: [number, number]; zoom: number } | null;
  tooltip: (params: { seriesId?: string; name?: string; data?: unknown }) => string;
  onClick: (click: MapClick) => void;
  onZoom: (zoom: number) => void;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    const element = host.current;
    if (element === null) {
      return undefined;
    }
    echarts.registerMap(MAP_NAME, props.districts as never);
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.setOption({
      // Thousands of shapes in SVG: no transitions, so layers switch at once.
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: never) => handlers.current.tooltip(p) },
      geo: {
        map: MAP_NAME,
        roam: true,
        layoutCenter: ['50%', '52%'],
        layoutSize: '92%',
        scaleLimit: { min: 0.8, max: 40 },
        label: { show: true, fontSize: 14, color: '#1f1f1f' },
        itemStyle: { areaColor: '#f0f5ff', borderColor: '#597ef7', borderWidth: 1.5 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#d6e4ff' } },
        select: { label: { show: true }, itemStyle: { areaColor: '#adc6ff' } },
        selectedMode: false,
      },
    });
    instance.on('click', (params) => {
      const p = params as { componentType: string; seriesId?: string; name?: string; data?: { id?: string; code?: string } };
      if (p.componentType === 'geo' && p.name) {
        handlers.current.onClick({ kind: 'district', name: p.name });
      } else if (p.seriesId?.startsWith('cases-') && p.data?.id) {
        handlers.current.onClick({ kind: 'case', id: p.data.id });
      } else if (p.seriesId === 'grids' && p.data?.code) {
        handlers.current.onClick({ kind: 'grid', code: p.data.code });
      } else if (p.seriesId === 'devices' && p.data?.code) {
        handlers.current.onClick({ kind: 'device', code: p.data.code });
      }
    });
    instance.on('georoam', () => {
      const geo = (instance.getOption() as { geo?: Array<{ zoom?: number }> }).geo?.[0];
      handlers.current.onZoom(geo?.zoom ?? 1);
    });
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [props.districts]);

  useEffect(() => {
    chart.current?.setOption(
      { legend: { top: 8, left: 8, orient: 'vertical', data: props.legend, backgroundColor: 'rgba(255,255,255,0.85)' }, series: props.series },
      { replaceMerge: ['series'] },
    );
  }, [props.series, props.legend, props.districts]);

  useEffect(() => {
    if (props.focus) {
      chart.current?.setOption({ geo: { center: props.focus.center, zoom: props.focus.zoom } });
    } else {
      chart.current?.setOption({ geo: { center: null, zoom: 1 } });
    }
  }, [props.focus, props.districts]);

  return <div ref={host} style={{ width: '100%', height: props.height ?? 640 }} data-testid="element-map" />;
}
