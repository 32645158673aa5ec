import{a}from"./chunk-ITPE7BKD.js";import"./chunk-7QUWU4U6.js";import"./chunk-LVN2AIOF.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as MapView};
