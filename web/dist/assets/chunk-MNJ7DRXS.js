import{a}from"./chunk-4Z7ZZ3ZO.js";import"./chunk-7QUWU4U6.js";import"./chunk-QVUDNEN6.js";import"./chunk-WYME3ZPE.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
