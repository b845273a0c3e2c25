/**
 * Reviewed gazetteer: settlements of Ukraine (cities down to frontline towns and villages),
 * Russia's border and frequently struck regions, and venues of talks worldwide.
 * One line a place: name | alternative spellings (;-separated, Russian and transliterated
 * forms included) | admin1 | country | lat | lon. Coordinates are approximate town centres.
 */
export const SETTLEMENTS = `
Kyiv|Kiev;Kyyiv;Kiyv|Kyiv|UA|50.4501|30.5234
Kharkiv|Kharkov|Kharkiv Oblast|UA|49.9935|36.2304
Odesa|Odessa|Odesa Oblast|UA|46.4825|30.7233
Dnipro|Dnipropetrovsk;Dnepr;Dnepropetrovsk|Dnipropetrovsk Oblast|UA|48.4647|35.0462
Zaporizhzhia|Zaporozhye;Zaporizhia;Zaporizhzhya;Zaporozhe;Zaporizhzhia city|Zaporizhzhia Oblast|UA|47.8388|35.1396
Lviv|Lvov;Lwow|Lviv Oblast|UA|49.8397|24.0297
Kryvyi Rih|Krivoy Rog;Kryvyy Rih;Krivyi Rih;Kriviy Rih;Krivoi Rog|Dnipropetrovsk Oblast|UA|47.9105|33.3918
Mykolaiv|Nikolaev;Nikolayev;Mykolayiv|Mykolaiv Oblast|UA|46.9750|31.9946
Kherson||Kherson Oblast|UA|46.6354|32.6169
Sumy||Sumy Oblast|UA|50.9077|34.7981
Poltava||Poltava Oblast|UA|49.5883|34.5514
Chernihiv|Chernigov|Chernihiv Oblast|UA|51.4982|31.2893
Zhytomyr|Zhitomir|Zhytomyr Oblast|UA|50.2547|28.6587
Vinnytsia|Vinnitsa;Vinnytsya|Vinnytsia Oblast|UA|49.2331|28.4682
Cherkasy|Cherkassy|Cherkasy Oblast|UA|49.4444|32.0598
Kropyvnytskyi|Kirovohrad;Kirovograd;Kropyvnytskyy|Kirovohrad Oblast|UA|48.5079|32.2623
Khmelnytskyi|Khmelnitsky;Khmelnytskyy|Khmelnytskyi Oblast|UA|49.4229|26.9871
Rivne|Rovno|Rivne Oblast|UA|50.6199|26.2516
Lutsk||Volyn Oblast|UA|50.7472|25.3254
Ternopil|Ternopol|Ternopil Oblast|UA|49.5535|25.5948
Ivano-Frankivsk|Ivano-Frankovsk|Ivano-Frankivsk Oblast|UA|48.9226|24.7111
Uzhhorod|Uzhgorod|Zakarpattia Oblast|UA|48.6208|22.2879
Mukachevo||Zakarpattia Oblast|UA|48.4393|22.7178
Chernivtsi|Chernovtsy|Chernivtsi Oblast|UA|48.2915|25.9403
Donetsk||Donetsk Oblast|UA|48.0159|37.8028
Luhansk|Lugansk|Luhansk Oblast|UA|48.5740|39.3078
Mariupol||Donetsk Oblast|UA|47.0971|37.5434
Kramatorsk||Donetsk Oblast|UA|48.7389|37.5844
Sloviansk|Slavyansk;Slovyansk|Donetsk Oblast|UA|48.8533|37.6053
Bakhmut|Artemovsk;Artemivsk|Donetsk Oblast|UA|48.5953|38.0003
Pokrovsk|Krasnoarmeysk;Krasnoarmiisk|Donetsk Oblast|UA|48.2826|37.1757
Myrnohrad|Dimitrov;Dymytrov;Mirnograd|Donetsk Oblast|UA|48.3022|37.2625
Kostiantynivka|Konstantinovka;Kostyantynivka|Donetsk Oblast|UA|48.5277|37.7069
Druzhkivka|Druzhkovka|Donetsk Oblast|UA|48.6303|37.5514
Dobropillia|Dobropolye;Dobropillya|Donetsk Oblast|UA|48.4669|37.0850
Chasiv Yar|Chasov Yar|Donetsk Oblast|UA|48.5863|37.8347
Toretsk|Dzerzhinsk;Dzerzhynsk|Donetsk Oblast|UA|48.3975|37.8472
Avdiivka|Avdeyevka;Avdiyivka;Avdeevka|Donetsk Oblast|UA|48.1394|37.7425
Selydove|Selidovo|Donetsk Oblast|UA|48.1485|37.3034
Kurakhove|Kurakhovo|Donetsk Oblast|UA|47.9833|37.2833
Vuhledar|Ugledar|Donetsk Oblast|UA|47.7808|37.2489
Velyka Novosilka|Velikaya Novoselka|Donetsk Oblast|UA|47.8439|36.8306
Lyman|Krasny Liman;Krasnyi Lyman|Donetsk Oblast|UA|48.9866|37.8090
Siversk|Seversk|Donetsk Oblast|UA|48.8667|38.1000
Sviatohirsk|Svyatogorsk|Donetsk Oblast|UA|49.0333|37.5667
Mykolaivka||Donetsk Oblast|UA|48.8667|37.7000
Bilozerske|Belozerskoye|Donetsk Oblast|UA|48.5000|37.0500
Rodynske|Rodinskoye|Donetsk Oblast|UA|48.3500|37.2000
Illinivka|Ilyinovka|Donetsk Oblast|UA|48.5411|37.6478
Oleksandrivka||Donetsk Oblast|UA|48.6167|37.6000
Novohrodivka|Novogrodovka|Donetsk Oblast|UA|48.2000|37.3333
Horlivka|Gorlovka|Donetsk Oblast|UA|48.3336|38.0925
Makiivka|Makeyevka|Donetsk Oblast|UA|48.0478|37.9258
Yasynuvata|Yasinovataya|Donetsk Oblast|UA|48.1294|37.8592
Volnovakha||Donetsk Oblast|UA|47.6011|37.4967
Shakhove|Shakhovo|Donetsk Oblast|UA|48.4500|37.2333
Mezhova|Mezhevaya|Dnipropetrovsk Oblast|UA|48.2550|36.7330
Pavlohrad|Pavlograd|Dnipropetrovsk Oblast|UA|48.5350|35.8700
Samar|Novomoskovsk|Dnipropetrovsk Oblast|UA|48.6300|35.2200
Nikopol||Dnipropetrovsk Oblast|UA|47.5667|34.4000
Marhanets|Marganets|Dnipropetrovsk Oblast|UA|47.6500|34.6167
Kamianske|Kamenskoye;Dniprodzerzhynsk|Dnipropetrovsk Oblast|UA|48.5167|34.6167
Synelnykove|Sinelnikovo|Dnipropetrovsk Oblast|UA|48.3167|35.5167
Pokrov|Ordzhonikidze|Dnipropetrovsk Oblast|UA|47.6500|34.1167
Zhovti Vody|Zheltye Vody|Dnipropetrovsk Oblast|UA|48.3500|33.5000
Pershotravensk|Shakhtarske|Dnipropetrovsk Oblast|UA|48.3500|36.4000
Velykomykhailivka||Dnipropetrovsk Oblast|UA|48.0500|36.4500
Chuhuiv|Chuguev;Chuguyev|Kharkiv Oblast|UA|49.8353|36.6881
Izium|Izyum|Kharkiv Oblast|UA|49.2128|37.2567
Kupiansk|Kupyansk|Kharkiv Oblast|UA|49.7106|37.6156
Vovchansk|Volchansk|Kharkiv Oblast|UA|50.2906|36.9417
Balakliia|Balakleya|Kharkiv Oblast|UA|49.4627|36.8586
Lozova|Lozovaya|Kharkiv Oblast|UA|48.8892|36.3158
Bohodukhiv|Bogodukhov|Kharkiv Oblast|UA|50.1647|35.5272
Zolochiv|Zolochev|Kharkiv Oblast|UA|50.2797|35.9814
Merefa||Kharkiv Oblast|UA|49.8231|36.0503
Pisochyn|Peschanoye|Kharkiv Oblast|UA|49.9500|36.1000
Derhachi|Dergachi|Kharkiv Oblast|UA|50.1083|36.1214
Zlatopil|Pervomaiskyi|Kharkiv Oblast|UA|49.3833|36.2167
Borova||Kharkiv Oblast|UA|49.3747|37.6217
Krasnohrad|Berestyn;Krasnograd|Kharkiv Oblast|UA|49.3747|35.4447
Shostka||Sumy Oblast|UA|51.8633|33.4697
Konotop||Sumy Oblast|UA|51.2403|33.2026
Okhtyrka|Akhtyrka|Sumy Oblast|UA|50.3103|34.8988
Romny||Sumy Oblast|UA|50.7497|33.4747
Lebedyn|Lebedin|Sumy Oblast|UA|50.5872|34.4844
Hlukhiv|Glukhov|Sumy Oblast|UA|51.6781|33.9122
Trostianets|Trostyanets|Sumy Oblast|UA|50.4833|34.9667
Bilopillia|Belopolye;Bilopillya|Sumy Oblast|UA|51.1500|34.3167
Krasnopillia|Krasnopolye|Sumy Oblast|UA|50.7731|35.2669
Putyvl|Putivl|Sumy Oblast|UA|51.3375|33.8706
Velyka Pysarivka|Velikaya Pisarevka|Sumy Oblast|UA|50.4306|35.4814
Yunakivka|Yunakovka|Sumy Oblast|UA|51.0167|35.0667
Vorozhba||Sumy Oblast|UA|51.1797|34.2242
Seredyna-Buda||Sumy Oblast|UA|52.1889|34.0367
Esman||Sumy Oblast|UA|51.8833|34.2833
Myropillia||Sumy Oblast|UA|50.9833|35.2667
Kremenchuk|Kremenchug|Poltava Oblast|UA|49.0680|33.4204
Myrhorod|Mirgorod|Poltava Oblast|UA|49.9681|33.6100
Lubny||Poltava Oblast|UA|50.0186|32.9869
Horishni Plavni|Komsomolsk|Poltava Oblast|UA|49.0094|33.6553
Nizhyn|Nezhin|Chernihiv Oblast|UA|51.0481|31.8869
Pryluky|Priluki|Chernihiv Oblast|UA|50.5931|32.3875
Novhorod-Siverskyi|Novgorod-Seversky|Chernihiv Oblast|UA|51.9874|33.2620
Koriukivka||Chernihiv Oblast|UA|51.7667|32.2500
Bila Tserkva|Belaya Tserkov|Kyiv Oblast|UA|49.7988|30.1153
Brovary||Kyiv Oblast|UA|50.5110|30.7909
Boryspil|Borispol|Kyiv Oblast|UA|50.3527|30.9550
Irpin|Irpen|Kyiv Oblast|UA|50.5218|30.2506
Bucha||Kyiv Oblast|UA|50.5435|30.2120
Vyshhorod|Vyshgorod|Kyiv Oblast|UA|50.5850|30.4890
Obukhiv|Obukhov|Kyiv Oblast|UA|50.1100|30.6200
Fastiv|Fastov|Kyiv Oblast|UA|50.0747|29.9181
Vasylkiv|Vasilkov|Kyiv Oblast|UA|50.1800|30.3200
Uman||Cherkasy Oblast|UA|48.7484|30.2218
Smila|Smela|Cherkasy Oblast|UA|49.2228|31.8872
Berdychiv|Berdichev|Zhytomyr Oblast|UA|49.8992|28.6025
Korosten||Zhytomyr Oblast|UA|50.9500|28.6333
Ovruch||Zhytomyr Oblast|UA|51.3244|28.8081
Starokostiantyniv|Starokonstantinov|Khmelnytskyi Oblast|UA|49.7563|27.2210
Shepetivka||Khmelnytskyi Oblast|UA|50.1800|27.0600
Kamianets-Podilskyi||Khmelnytskyi Oblast|UA|48.6845|26.5856
Kalush||Ivano-Frankivsk Oblast|UA|49.0119|24.3731
Burshtyn||Ivano-Frankivsk Oblast|UA|49.2600|24.6300
Kolomyia||Ivano-Frankivsk Oblast|UA|48.5300|25.0400
Drohobych||Lviv Oblast|UA|49.3500|23.5000
Stryi||Lviv Oblast|UA|49.2600|23.8500
Chervonohrad|Sheptytskyi|Lviv Oblast|UA|50.3900|24.2300
Kovel||Volyn Oblast|UA|51.2100|24.7100
Ladyzhyn||Vinnytsia Oblast|UA|48.6800|29.2400
Kalynivka||Vinnytsia Oblast|UA|49.4500|28.5300
Zhmerynka||Vinnytsia Oblast|UA|49.0400|28.1100
Oleksandriia|Aleksandriya|Kirovohrad Oblast|UA|48.6700|33.1100
Svitlovodsk||Kirovohrad Oblast|UA|49.0500|33.2400
Voznesensk||Mykolaiv Oblast|UA|47.5700|31.3300
Pervomaisk||Mykolaiv Oblast|UA|48.0500|30.8600
Ochakiv|Ochakov|Mykolaiv Oblast|UA|46.6200|31.5400
Yuzhnoukrainsk||Mykolaiv Oblast|UA|47.8200|31.1800
Izmail|Izmayil|Odesa Oblast|UA|45.3500|28.8400
Chornomorsk|Chernomorsk;Illichivsk|Odesa Oblast|UA|46.3000|30.6500
Pivdenne|Yuzhne;Yuzhny;Yuzhnyy|Odesa Oblast|UA|46.6200|31.1000
Bilhorod-Dnistrovskyi|Belgorod-Dnestrovsky|Odesa Oblast|UA|46.1900|30.3400
Reni||Odesa Oblast|UA|45.4600|28.2900
Zatoka||Odesa Oblast|UA|46.0700|30.4600
Nova Kakhovka|Novaya Kakhovka|Kherson Oblast|UA|46.7500|33.3700
Beryslav|Berislav|Kherson Oblast|UA|46.8400|33.4300
Oleshky|Aleshki;Tsiurupynsk|Kherson Oblast|UA|46.6200|32.7200
Hola Prystan|Golaya Pristan|Kherson Oblast|UA|46.5200|32.5200
Bilozerka||Kherson Oblast|UA|46.6400|32.4400
Antonivka||Kherson Oblast|UA|46.6700|32.7100
Kakhovka||Kherson Oblast|UA|46.8100|33.4800
Skadovsk||Kherson Oblast|UA|46.1200|32.9100
Henichesk|Genichesk|Kherson Oblast|UA|46.1700|34.8100
Melitopol||Zaporizhzhia Oblast|UA|46.8489|35.3675
Berdiansk|Berdyansk|Zaporizhzhia Oblast|UA|46.7600|36.7900
Enerhodar|Energodar|Zaporizhzhia Oblast|UA|47.4989|34.6553
Orikhiv|Orekhov|Zaporizhzhia Oblast|UA|47.5700|35.7800
Huliaipole|Gulyaipole;Hulyaipole|Zaporizhzhia Oblast|UA|47.6600|36.2600
Stepnohirsk|Stepnogorsk|Zaporizhzhia Oblast|UA|47.5900|35.3300
Vilniansk||Zaporizhzhia Oblast|UA|47.9400|35.4300
Tokmak||Zaporizhzhia Oblast|UA|47.2500|35.7100
Polohy|Pologi|Zaporizhzhia Oblast|UA|47.4800|36.2500
Vasylivka|Vasilyevka;Vasilievka|Zaporizhzhia Oblast|UA|47.4400|35.2800
Kamianka-Dniprovska|Kamenka-Dneprovskaya|Zaporizhzhia Oblast|UA|47.4800|34.4200
Robotyne|Rabotino|Zaporizhzhia Oblast|UA|47.4500|35.8400
Malokaterynivka||Zaporizhzhia Oblast|UA|47.6700|35.2700
Sievierodonetsk|Severodonetsk|Luhansk Oblast|UA|48.9500|38.4900
Lysychansk|Lisichansk|Luhansk Oblast|UA|48.9200|38.4300
Kreminna|Kremennaya|Luhansk Oblast|UA|49.0500|38.2200
Svatove|Svatovo|Luhansk Oblast|UA|49.4100|38.1600
Alchevsk||Luhansk Oblast|UA|48.4700|38.8000
Sevastopol||Sevastopol|UA|44.6167|33.5254
Simferopol||Crimea|UA|44.9521|34.1024
Kerch||Crimea|UA|45.3500|36.4700
Feodosia|Feodosiya|Crimea|UA|45.0300|35.3800
Yevpatoria|Yevpatoriya;Evpatoria|Crimea|UA|45.2000|33.3600
Dzhankoi|Dzhankoy|Crimea|UA|45.7100|34.3900
Saky|Saki|Crimea|UA|45.1300|33.6000
Krasnohorivka|Krasnogorovka;Krasnogorivka|Donetsk Oblast|UA|48.0060|37.5097
Marinka|Mariinka;Maryanka|Donetsk Oblast|UA|47.9453|37.5054
Ocheretyne|Ocheretino|Donetsk Oblast|UA|48.2660|37.6140
Ukrainsk|Ukrayinsk|Donetsk Oblast|UA|48.0982|37.3631
Hirnyk|Gornyak|Donetsk Oblast|UA|48.0500|37.3700
Klishchiivka|Kleshcheevka;Kleshcheyevka;Klishchiyivka|Donetsk Oblast|UA|48.5330|37.9660
Niu-York|New-York;Novhorodske;Novgorodskoye|Donetsk Oblast|UA|48.3260|37.8400
Pisky|Peski|Donetsk Oblast|UA|48.0760|37.6680
Olenivka|Olenovka;Yelenovka|Donetsk Oblast|UA|47.8281|37.6605
Staromaiorske|Staromayorskoye;Staromaiorskoye|Donetsk Oblast|UA|47.7300|36.7900
Urozhaine|Urozhaynoye|Donetsk Oblast|UA|47.7500|36.8300
Neskuchne|Neskuchnoye|Donetsk Oblast|UA|47.8200|36.7900
Yenakiieve|Yenakiyevo;Enakievo;Yenakiyeve|Donetsk Oblast|UA|48.2333|38.2114
Ilovaisk|Ilovaysk|Donetsk Oblast|UA|47.9250|38.2024
Amvrosiivka|Amvrosiyivka;Amvrosievka;Amvrosiyevka|Donetsk Oblast|UA|47.7935|38.4777
Svitlodarsk|Svetlodarsk|Donetsk Oblast|UA|48.4400|38.2200
Dokuchaievsk|Dokuchayevsk|Donetsk Oblast|UA|47.7505|37.6794
Mykilske|Nikolske;Volodarske|Donetsk Oblast|UA|47.2000|37.3200
Yasnohirka|Yasnogorka|Donetsk Oblast|UA|48.7700|37.5600
Verkhnotoretske|Verkhnetoretskoye|Donetsk Oblast|UA|48.2219|37.8798
Kalmiuske||Donetsk Oblast|UA|47.6639|38.0775
Khrestivka||Donetsk Oblast|UA|48.1487|38.3602
Zalizne|Artemove|Donetsk Oblast|UA|48.3708|37.8855
Hryshyne|Grishino|Donetsk Oblast|UA|48.3280|37.0803
Zolote|Zolotoye|Luhansk Oblast|UA|48.7000|38.5100
Novoaidar|Novoaydar|Luhansk Oblast|UA|48.9600|39.0200
Kadiivka|Stakhanov;Kadievka|Luhansk Oblast|UA|48.5700|38.6500
Khrustalnyi|Krasnyi Luch;Krasny Luch|Luhansk Oblast|UA|48.1200|38.9400
Dovzhansk||Luhansk Oblast|UA|48.0800|39.6500
Novodruzhesk||Luhansk Oblast|UA|48.9635|38.3520
Metolkine|Metyolkino;Metelkino|Luhansk Oblast|UA|48.9298|38.5558
Kupiansk-Vuzlovyi|Kupiansk Vuzlovyi;Kupyansk-Uzlovoy;Kupyansk-Vuzlovyi;Kupiansk-Vuzlovyy|Kharkiv Oblast|UA|49.6650|37.6800
Kozacha Lopan|Kazachya Lopan|Kharkiv Oblast|UA|50.3350|36.2100
Lyptsi|Liptsy|Kharkiv Oblast|UA|50.1950|36.4200
Valky|Valki|Kharkiv Oblast|UA|49.8360|35.6122
Synkivka|Sinkovka|Kharkiv Oblast|UA|49.7700|37.6800
Zmiiv|Zmiev;Zmiyiv|Kharkiv Oblast|UA|49.6889|36.3576
Molochansk||Zaporizhzhia Oblast|UA|47.2041|35.5979
Bilmak|Kuibysheve|Zaporizhzhia Oblast|UA|47.3591|36.6533
Balabyne|Balabino|Zaporizhzhia Oblast|UA|47.7369|35.2136
Verbove|Verbovoye|Zaporizhzhia Oblast|UA|47.4700|35.9600
Rozivka|Rozovka|Zaporizhzhia Oblast|UA|47.3954|37.0708
Zaliznychne||Zaporizhzhia Oblast|UA|47.6486|36.1671
Krynky|Krinki|Kherson Oblast|UA|46.7300|33.0900
Chornobaivka|Chernobaevka;Chernobayevka|Kherson Oblast|UA|46.6964|32.5471
Hornostaivka|Gornostaevka;Hornostayivka|Kherson Oblast|UA|47.0117|33.7299
Nova Maiachka|Novaya Mayachka|Kherson Oblast|UA|46.5994|33.2243
Zelenivka|Zelenovka|Kherson Oblast|UA|46.7172|32.6570
Tavriisk|Tavriysk|Kherson Oblast|UA|46.7543|33.4166
Kozatske|Kazatskoye|Kherson Oblast|UA|46.7855|33.3500
Naddniprianske|Naddnepryanskoye|Kherson Oblast|UA|46.7359|32.7053
Arkhanhelske||Kherson Oblast|UA|47.4333|33.4051
Novooleksiivka|Novoalekseevka;Novooleksiyivka|Kherson Oblast|UA|46.2300|34.6458
Vilnohirsk|Volnogorsk|Dnipropetrovsk Oblast|UA|48.4842|34.0171
Ternivka|Ternovka|Dnipropetrovsk Oblast|UA|48.5266|36.0705
Prosiana|Prosyana;Prosyanaya|Dnipropetrovsk Oblast|UA|48.1137|36.3717
Buryn|Burynia|Sumy Oblast|UA|51.1991|33.8352
Nedryhailiv|Nedrigailov|Sumy Oblast|UA|50.8340|33.8763
Ripky|Repki|Chernihiv Oblast|UA|51.8010|31.0838
Hremiach|Gremyach|Chernihiv Oblast|UA|52.3400|33.2800
Korop||Chernihiv Oblast|UA|51.5664|32.9586
Novi Yarylovychi|Novye Yarilovichi|Chernihiv Oblast|UA|52.0302|31.0060
Chornobyl|Chernobyl|Kyiv Oblast|UA|51.2700|30.2200
Boiarka|Boyarka|Kyiv Oblast|UA|50.3200|30.2900
Pereiaslav|Pereyaslav;Pereiaslav-Khmelnytskyi;Pereyaslav-Khmelnytsky|Kyiv Oblast|UA|50.0700|31.4500
Dobrotvir|Dobrotvor|Lviv Oblast|UA|50.2100|24.3800
Dubno||Rivne Oblast|UA|50.4200|25.7400
Sarny||Rivne Oblast|UA|51.3400|26.6000
Kaniv|Kanev|Cherkasy Oblast|UA|49.7500|31.4600
Znamianka||Kirovohrad Oblast|UA|48.7200|32.6700
Novoukrainka||Kirovohrad Oblast|UA|48.3200|31.5300
Kiliia|Kiliya;Kilia|Odesa Oblast|UA|45.4445|29.2640
Serhiivka|Sergeevka;Serhiyivka|Odesa Oblast|UA|46.0251|30.3683
Yalta||Crimea|UA|44.5022|34.1662
Chornomorske|Chernomorskoye|Crimea|UA|45.5100|32.7000
Kirovske|Kirovskoye|Crimea|UA|45.2297|35.1999
Krasnoperekopsk||Crimea|UA|45.9500|33.8000
Sudak||Crimea|UA|44.8492|34.9747
Zmiinyi Island|Snake Island;Zmiinyi;Zmeiny Island|Odesa Oblast|UA|45.2550|30.2040
Moscow|Moskva|Moscow|RU|55.7558|37.6173
Domodedovo||Moscow Oblast|RU|55.4400|37.7600
Vidnoye||Moscow Oblast|RU|55.5500|37.7100
Ramenskoye||Moscow Oblast|RU|55.5700|38.2300
Podolsk||Moscow Oblast|RU|55.4300|37.5400
Zhukovsky||Moscow Oblast|RU|55.6000|38.1200
Kolomna||Moscow Oblast|RU|55.0800|38.7800
Kashira||Moscow Oblast|RU|54.8300|38.1500
Krasnogorsk||Moscow Oblast|RU|55.8200|37.3300
Mytishchi||Moscow Oblast|RU|55.9100|37.7300
Balashikha||Moscow Oblast|RU|55.8000|37.9400
Belgorod||Belgorod Oblast|RU|50.5950|36.5873
Shebekino||Belgorod Oblast|RU|50.4100|36.8900
Graivoron|Grayvoron|Belgorod Oblast|RU|50.4800|35.6700
Valuyki||Belgorod Oblast|RU|50.2100|38.1000
Stary Oskol||Belgorod Oblast|RU|51.3000|37.8400
Gubkin||Belgorod Oblast|RU|51.2800|37.5400
Alekseyevka||Belgorod Oblast|RU|50.6300|38.6900
Kursk||Kursk Oblast|RU|51.7304|36.1926
Rylsk||Kursk Oblast|RU|51.5700|34.6800
Lgov|Lgov town|Kursk Oblast|RU|51.6600|35.2700
Sudzha||Kursk Oblast|RU|51.1900|35.2700
Kurchatov||Kursk Oblast|RU|51.6600|35.6500
Zheleznogorsk||Kursk Oblast|RU|52.3400|35.3500
Glushkovo||Kursk Oblast|RU|51.3400|34.6400
Tyotkino|Tetkino|Kursk Oblast|RU|51.2700|34.2900
Artakovo||Kursk Oblast|RU|51.6900|35.1500
Bryansk||Bryansk Oblast|RU|53.2521|34.3717
Klintsy||Bryansk Oblast|RU|52.7500|32.2300
Starodub||Bryansk Oblast|RU|52.5800|32.7600
Sevsk||Bryansk Oblast|RU|52.1500|34.4900
Novozybkov||Bryansk Oblast|RU|52.5400|31.9300
Klimovo||Bryansk Oblast|RU|52.3800|32.1900
Voronezh||Voronezh Oblast|RU|51.6720|39.1843
Borisoglebsk||Voronezh Oblast|RU|51.3700|42.0800
Rostov-on-Don|Rostov-na-Donu;Rostov|Rostov Oblast|RU|47.2357|39.7015
Taganrog||Rostov Oblast|RU|47.2100|38.9300
Novoshakhtinsk||Rostov Oblast|RU|47.7600|39.9300
Millerovo||Rostov Oblast|RU|48.9200|40.4000
Kamensk-Shakhtinsky||Rostov Oblast|RU|48.3200|40.2600
Krasnodar||Krasnodar Krai|RU|45.0355|38.9753
Novorossiysk||Krasnodar Krai|RU|44.7200|37.7700
Tuapse||Krasnodar Krai|RU|44.1000|39.0800
Sochi||Krasnodar Krai|RU|43.5800|39.7200
Anapa||Krasnodar Krai|RU|44.8900|37.3200
Yeysk||Krasnodar Krai|RU|46.7100|38.2700
Slavyansk-na-Kubani||Krasnodar Krai|RU|45.2600|38.1200
Engels||Saratov Oblast|RU|51.4800|46.1100
Saratov||Saratov Oblast|RU|51.5300|46.0300
Ryazan||Ryazan Oblast|RU|54.6300|39.7400
Tula||Tula Oblast|RU|54.1900|37.6200
Kaluga||Kaluga Oblast|RU|54.5100|36.2600
Oryol|Orel|Oryol Oblast|RU|52.9700|36.0700
Lipetsk||Lipetsk Oblast|RU|52.6100|39.5900
Tambov||Tambov Oblast|RU|52.7200|41.4500
Smolensk||Smolensk Oblast|RU|54.7800|32.0400
Tver||Tver Oblast|RU|56.8600|35.9000
Toropets||Tver Oblast|RU|56.5000|31.6400
Yaroslavl||Yaroslavl Oblast|RU|57.6300|39.8700
Nizhny Novgorod||Nizhny Novgorod Oblast|RU|56.3300|44.0000
Kstovo||Nizhny Novgorod Oblast|RU|56.1500|44.1800
Kazan||Tatarstan|RU|55.7900|49.1200
Yelabuga|Alabuga|Tatarstan|RU|55.7600|52.0600
Volgograd||Volgograd Oblast|RU|48.7100|44.5100
Astrakhan||Astrakhan Oblast|RU|46.3500|48.0300
Samara||Samara Oblast|RU|53.2000|50.1500
Syzran||Samara Oblast|RU|53.1600|48.4700
Novokuibyshevsk||Samara Oblast|RU|53.1000|49.9500
Penza||Penza Oblast|RU|53.2000|45.0000
Ufa||Bashkortostan|RU|54.7400|55.9700
Orenburg||Orenburg Oblast|RU|51.7700|55.1000
Pskov||Pskov Oblast|RU|57.8200|28.3300
Murmansk||Murmansk Oblast|RU|68.9700|33.0700
Olenya|Olenegorsk|Murmansk Oblast|RU|68.1500|33.2800
Irkutsk||Irkutsk Oblast|RU|52.2900|104.2800
Belaya||Irkutsk Oblast|RU|52.9000|103.5700
Ivanovo||Ivanovo Oblast|RU|57.0000|40.9700
Grozny||Chechnya|RU|43.3200|45.6900
Makhachkala||Dagestan|RU|42.9800|47.5000
Saint Petersburg|St Petersburg;St. Petersburg;Petersburg|Saint Petersburg|RU|59.9343|30.3351
Bessonovka|Bessonivka|Belgorod Oblast|RU|50.5264|36.3011
Novy Oskol|Novyy Oskol;Novyi Oskol|Belgorod Oblast|RU|50.7600|37.8700
Korenevo|Korenyovo|Kursk Oblast|RU|51.4119|34.9080
Pogar||Bryansk Oblast|RU|52.5530|33.2594
Lokot||Bryansk Oblast|RU|52.5747|34.5767
Belaya Berezka|Belaya Beryozka|Bryansk Oblast|RU|52.3849|33.4823
Liski||Voronezh Oblast|RU|50.9800|39.5000
Rossosh||Voronezh Oblast|RU|50.1900|39.5700
Tatsinskaya||Rostov Oblast|RU|48.2000|41.2700
Afipsky|Afipskiy|Krasnodar Krai|RU|44.9000|38.8400
Ilsky|Ilskiy|Krasnodar Krai|RU|44.8500|38.5700
Taman||Krasnodar Krai|RU|45.2100|36.7200
Mozdok||North Ossetia|RU|43.7400|44.6500
Kirishi||Leningrad Oblast|RU|59.4500|32.0200
Livny||Oryol Oblast|RU|52.4200|37.6100
Cheboksary||Chuvashia|RU|56.1300|47.2500
Orsk||Orenburg Oblast|RU|51.2300|58.5700
Ulyanovsk|Ulianovsk|Ulyanovsk Oblast|RU|54.3200|48.4000
Stavropol||Stavropol Krai|RU|45.0400|41.9700
Budyonnovsk|Budennovsk|Stavropol Krai|RU|44.7800|44.1700
Nevinnomyssk||Stavropol Krai|RU|44.6300|41.9400
Ukhta||Komi|RU|63.5600|53.6900
`;

/** Regions (oblasts, krais, republics) that may be named as hit: root | alternative roots | admin1 name | country | lat | lon. */
export const REGIONS = `
Kyiv|Kiev|Kyiv Oblast|UA|50.05|30.77
Kharkiv|Kharkov|Kharkiv Oblast|UA|49.6|36.5
Odesa|Odessa|Odesa Oblast|UA|46.7|30.0
Dnipropetrovsk|Dnipro;Dnepropetrovsk;Dnipropetrovska|Dnipropetrovsk Oblast|UA|48.4|35.1
Zaporizhzhia|Zaporozhye;Zaporizhia;Zaporozhie|Zaporizhzhia Oblast|UA|47.5|35.5
Lviv|Lvov|Lviv Oblast|UA|49.8|24.0
Mykolaiv|Nikolaev;Nikolayev|Mykolaiv Oblast|UA|47.0|31.8
Kherson||Kherson Oblast|UA|46.6|33.4
Sumy||Sumy Oblast|UA|50.9|34.0
Poltava||Poltava Oblast|UA|49.6|34.0
Chernihiv|Chernigov|Chernihiv Oblast|UA|51.5|32.0
Zhytomyr|Zhitomir|Zhytomyr Oblast|UA|50.3|28.5
Vinnytsia|Vinnitsa|Vinnytsia Oblast|UA|49.0|28.7
Cherkasy|Cherkassy|Cherkasy Oblast|UA|49.2|31.5
Kirovohrad|Kirovograd;Kropyvnytskyi|Kirovohrad Oblast|UA|48.5|32.0
Khmelnytskyi|Khmelnitsky|Khmelnytskyi Oblast|UA|49.4|26.9
Rivne|Rovno|Rivne Oblast|UA|51.0|26.5
Volyn|Volhynia|Volyn Oblast|UA|51.2|25.0
Ternopil|Ternopol|Ternopil Oblast|UA|49.5|25.5
Ivano-Frankivsk||Ivano-Frankivsk Oblast|UA|48.7|24.5
Zakarpattia|Transcarpathia;Zakarpattya;Transcarpathian|Zakarpattia Oblast|UA|48.4|23.2
Chernivtsi||Chernivtsi Oblast|UA|48.3|26.0
Donetsk||Donetsk Oblast|UA|48.0|37.8
Luhansk|Lugansk|Luhansk Oblast|UA|48.6|39.2
Crimea|Crimean|Crimea|UA|45.3|34.4
Moscow||Moscow Oblast|RU|55.5|37.5
Belgorod||Belgorod Oblast|RU|50.7|37.0
Kursk||Kursk Oblast|RU|51.7|36.2
Bryansk||Bryansk Oblast|RU|53.0|33.5
Voronezh||Voronezh Oblast|RU|51.0|40.0
Rostov||Rostov Oblast|RU|47.5|40.5
Krasnodar||Krasnodar Krai|RU|45.3|39.0
Oryol|Orel|Oryol Oblast|RU|52.8|36.2
Kaluga||Kaluga Oblast|RU|54.4|35.6
Tula||Tula Oblast|RU|53.9|37.5
Ryazan||Ryazan Oblast|RU|54.4|40.5
Lipetsk||Lipetsk Oblast|RU|52.6|39.6
Tambov||Tambov Oblast|RU|52.7|41.5
Smolensk||Smolensk Oblast|RU|54.8|32.5
Tver||Tver Oblast|RU|57.0|35.0
Yaroslavl||Yaroslavl Oblast|RU|57.8|39.5
Nizhny Novgorod||Nizhny Novgorod Oblast|RU|56.3|44.0
Saratov||Saratov Oblast|RU|51.5|46.0
Volgograd||Volgograd Oblast|RU|49.5|44.5
Astrakhan||Astrakhan Oblast|RU|46.5|47.5
Samara||Samara Oblast|RU|53.2|50.1
Penza||Penza Oblast|RU|53.2|45.0
Orenburg||Orenburg Oblast|RU|51.8|55.1
Ivanovo||Ivanovo Oblast|RU|57.0|41.0
Murmansk||Murmansk Oblast|RU|68.0|33.0
Irkutsk||Irkutsk Oblast|RU|56.0|105.0
Amur||Amur Oblast|RU|52.0|128.0
Pskov||Pskov Oblast|RU|57.5|29.0
Leningrad||Leningrad Oblast|RU|59.8|31.0
Tatarstan||Tatarstan|RU|55.5|50.5
Bashkortostan|Bashkiria|Bashkortostan|RU|54.5|56.0
Chechnya|Chechen|Chechnya|RU|43.4|45.7
Dagestan||Dagestan|RU|42.9|47.5
Belarus||Belarus|BY|53.9|27.6
`;

/** Venues of talks worldwide: name | alternative names and landmarks | country | lat | lon. */
export const VENUES = `
Istanbul|Constantinople;Dolmabahce;Dolmabahce Palace;Ciragan Palace;Ciragan|TR|41.0082|28.9784
Ankara||TR|39.9334|32.8597
Antalya||TR|36.8969|30.7133
Riyadh|Diriyah;Diriyah Palace|SA|24.7136|46.6753
Jeddah|Jiddah|SA|21.4858|39.1925
Geneva|Genf|CH|46.2044|6.1432
Abu Dhabi||AE|24.4539|54.3773
Dubai||AE|25.2048|55.2708
Doha||QA|25.2854|51.5310
Minsk||BY|53.9006|27.5590
Gomel|Homel;Gomel region;Gomel Oblast|BY|52.4345|30.9754
Brest|Brest region;Brest Oblast|BY|52.0976|23.7341
Belovezhskaya Pushcha|Belovezhskaya Pushcha;Bialowieza Forest;Viskuli|BY|52.5667|23.8000
Sochi||RU|43.6028|39.7342
Anchorage|Alaska;Joint Base Elmendorf-Richardson|US|61.2181|-149.9003
Washington|White House;Washington DC;Oval Office|US|38.9072|-77.0369
New York||US|40.7128|-74.0060
Vatican City|Vatican;St Peter's;St. Peter's;St Peter's Basilica;Holy See|VA|41.9029|12.4534
Rome||IT|41.9028|12.4964
Paris|Elysee;Elysee Palace|FR|48.8566|2.3522
London|Downing Street|GB|51.5074|-0.1278
Berlin||DE|52.5200|13.4050
Munich||DE|48.1351|11.5820
Brussels||BE|50.8503|4.3517
Helsinki||FI|60.1699|24.9384
Vienna||AT|48.2082|16.3738
Budapest||HU|47.4979|19.0402
Bratislava||SK|48.1486|17.1077
Warsaw||PL|52.2297|21.0122
Copenhagen||DK|55.6761|12.5683
Oslo||NO|59.9139|10.7522
Stockholm||SE|59.3293|18.0686
Bern||CH|46.9480|7.4474
Davos||CH|46.8027|9.8360
Cairo||EG|30.0444|31.2357
Beijing||CN|39.9042|116.4074
New Delhi||IN|28.6139|77.2090
Tehran||IR|35.6892|51.3890
Baku||AZ|40.4093|49.8671
Astana||KZ|51.1694|71.4491
Tashkent||UZ|41.2995|69.2401
Belgrade||RS|44.7866|20.4489
Kyiv|Kiev|UA|50.4501|30.5234
Moscow|Kremlin;the Kremlin|RU|55.7558|37.6173
St Petersburg|Saint Petersburg;St. Petersburg|RU|59.9343|30.3351
Miami|Mar-a-Lago;Palm Beach|US|25.7617|-80.1918
`;
