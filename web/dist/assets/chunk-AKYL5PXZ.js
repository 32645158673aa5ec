import{a}from"./chunk-MBNQGCC6.js";import"./chunk-K4WHP3HQ.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as GraphView};
