import{a}from"./chunk-F6CUSN2H.js";import"./chunk-7QUWU4U6.js";import"./chunk-CYIHO4H5.js";import"./chunk-KA27ISCT.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
