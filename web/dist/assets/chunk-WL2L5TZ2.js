import{a}from"./chunk-YMUJ5MAV.js";import"./chunk-LVN2AIOF.js";import"./chunk-O25HQKV7.js";import"./chunk-IYWUY3VA.js";export{a as CardView};
