import{a}from"./chunk-KZEHW44T.js";import"./chunk-7QUWU4U6.js";import"./chunk-MAMPLOM7.js";import"./chunk-S3OOYDVZ.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
