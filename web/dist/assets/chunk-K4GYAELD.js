import{a}from"./chunk-CGORBOA7.js";import"./chunk-7QUWU4U6.js";import"./chunk-K4WHP3HQ.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
