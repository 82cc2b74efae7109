// The `views` namespace of the `tlnb` module: rich outputs built from data, shown with display().
//   import { display, views } from 'tlnb';
//   display(views.linePlot([{ name: 'relu', x, y }], { title: 'ReLU' }));

import { DISPLAY, displayable, isDisplayable } from './displayable';
import { confusionMatrix, imageGrid, linePlot, table } from './views';

export type { Displayable, MimeBundle } from './displayable';
export type { ImageGridOptions, LinePlotOptions, Series } from './views';

export const views = { linePlot, confusionMatrix, imageGrid, table, displayable, isDisplayable, DISPLAY } as const;
