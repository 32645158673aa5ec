import{a}from"./chunk-XMILT2MI.js";import"./chunk-MAMPLOM7.js";import"./chunk-S3OOYDVZ.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
