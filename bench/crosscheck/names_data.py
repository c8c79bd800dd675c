"""Curated name frequencies per culture (the head of each distribution; Faker supplies the tail).

Weights are rough shares in the population (given names per thousand of one sex, surnames per
ten thousand people), taken from national statistics offices' published top lists (ISTAT,
IBGE, INE, PESEL/GUS, Iran's civil registry summaries, ONS, US Census 2010), rounded. They only
need to be right in shape: the head is steep (Silva, Nowak, Mohammad, Maria are *very* common)
and the tail is long. Iranian names are written in their most common Latin transliteration;
the spelling variants real exports carry are listed separately.
"""

from __future__ import annotations

# --- Italy: given names differ strongly by birth cohort (Giuseppe and Maria are old names) ---
IT_F_OLD = (
    "Maria 80, Anna 40, Giuseppina 22, Rosa 20, Angela 18, Giovanna 18, Teresa 14, Lucia 14, "
    "Carmela 12, Caterina 10, Francesca 12, Antonietta 10, Rita 10, Paola 14, Patrizia 14, "
    "Laura 14, Daniela 12, Roberta 10, Antonella 14, Gabriella 10, Maria Grazia 12, "
    "Maria Teresa 8, Anna Maria 12, Maria Rosaria 6, Rosaria 8, Franca 8, Silvana 8, Elena 10, "
    "Luisa 8, Marisa 8, Loredana 8, Nadia 6, Cinzia 8, Monica 10, Barbara 10, Simonetta 6, "
    "Stefania 10, Cristina 10, Emanuela 6, Tiziana 8, Donatella 6, Filomena 6, Concetta 8, "
    "Elisabetta 8, Margherita 6, Carla 8, Bruna 5, Lina 4, Rosanna 6, Graziella 5"
)
IT_F_YOUNG = (
    "Giulia 30, Francesca 25, Sara 25, Chiara 25, Martina 22, Valentina 25, Federica 20, "
    "Alessia 18, Elisa 16, Silvia 18, Elena 16, Laura 14, Alice 14, Giorgia 16, Sofia 12, "
    "Aurora 8, Ilaria 14, Veronica 12, Serena 12, Claudia 12, Michela 10, Jessica 8, Erika 8, "
    "Roberta 10, Eleonora 10, Beatrice 10, Marta 10, Arianna 10, Camilla 8, Anna 20, Maria 20, "
    "Noemi 6, Greta 6, Alessandra 16, Simona 14, Stefania 12, Cristina 10, Monica 8, "
    "Elisabetta 6, Caterina 6, Margherita 5, Antonella 6"
)
IT_M_OLD = (
    "Giuseppe 70, Antonio 45, Giovanni 38, Mario 35, Luigi 28, Francesco 30, Salvatore 22, "
    "Angelo 20, Vincenzo 18, Pietro 16, Carlo 16, Franco 14, Domenico 14, Bruno 12, Paolo 20, "
    "Michele 14, Giorgio 14, Sergio 12, Roberto 20, Massimo 16, Maurizio 14, Claudio 14, "
    "Stefano 16, Alberto 12, Fabrizio 10, Marco 16, Andrea 16, Luciano 10, Renato 8, Aldo 6, "
    "Nicola 10, Raffaele 10, Umberto 6, Gianfranco 8, Enrico 10, Alessandro 12, Fabio 10, "
    "Riccardo 8, Gianni 5, Giancarlo 6, Gabriele 5, Emanuele 4, Massimiliano 6"
)
IT_M_YOUNG = (
    "Andrea 30, Marco 30, Alessandro 30, Luca 30, Francesco 28, Matteo 22, Lorenzo 18, "
    "Davide 22, Simone 20, Federico 16, Stefano 16, Daniele 18, Riccardo 14, Fabio 12, "
    "Gabriele 12, Mattia 12, Giuseppe 18, Antonio 16, Giovanni 14, Michele 12, Emanuele 12, "
    "Nicola 12, Paolo 10, Roberto 10, Tommaso 10, Leonardo 10, Alessio 12, Filippo 10, "
    "Pietro 10, Edoardo 8, Christian 8, Manuel 6, Giacomo 10, Samuele 6, Diego 6, Cristian 6, "
    "Jacopo 6, Gianluca 10, Massimo 8, Salvatore 8, Vincenzo 8, Massimiliano 8"
)
IT_SURNAMES = (
    "Rossi 28, Russo 24, Ferrari 18, Esposito 18, Bianchi 15, Romano 15, Colombo 14, Ricci 12, "
    "Marino 12, Greco 11, Bruno 11, Gallo 11, Conti 10, De Luca 10, Mancini 9, Costa 9, "
    "Giordano 9, Rizzo 9, Lombardi 9, Moretti 8, Barbieri 8, Fontana 8, Santoro 7, Mariani 7, "
    "Rinaldi 7, Caruso 7, Ferrara 7, Galli 7, Martini 7, Leone 7, Longo 6, Gentile 6, "
    "Martinelli 6, Vitale 6, Lombardo 6, Serra 6, Coppola 6, De Santis 6, D'Angelo 6, "
    "Marchetti 6, Parisi 5, Villa 5, Conte 5, Ferraro 5, Ferri 5, Fabbri 5, Bianco 5, Marini 5, "
    "Grasso 5, Valentini 5, Messina 5, Sala 5, De Angelis 5, Gatti 5, Pellegrini 5, Palumbo 5, "
    "Sanna 5, Farina 4, Rizzi 4, Monti 4, Cattaneo 4, Morelli 4, Amato 4, Silvestri 4, Mazza 4, "
    "Testa 4, Grassi 4, Pellegrino 4, Carbone 4, Giuliani 4, Benedetti 4, Barone 4, Rossetti 4, "
    "Caputo 4, Montanari 4, Guerra 4, Palmieri 4, Bernardi 4, Martino 4, Fiore 4, De Rosa 4, "
    "Ferretti 4, Bellini 4, Basile 4, Riva 4, Donati 4, Piras 4, Vitali 4, Battaglia 4, "
    "Sartori 4, Neri 4, Costantini 4, Milani 4, Pagano 4, Ruggiero 4, Sorrentino 4, D'Amico 4, "
    "Orlando 4, Negri 3, Brambilla 3, Zanetti 3, Mazzola 3, Di Stefano 3, Di Giovanni 3"
)
#: Surnames are regional in Italy: Esposito is Neapolitan, Brambilla Lombard.
IT_REGIONAL_BOOST = {
    "south": (
        "Esposito 3, Russo 2, Romano 1.5, Greco 1.8, Marino 1.5, Rizzo 2, Caruso 2, Messina 2.5, "
        "Coppola 2.5, Sorrentino 3, Ruggiero 2, D'Angelo 1.8, De Luca 1.5, Amato 2, Caputo 2, "
        "Pagano 1.5, Lombardo 2, Grasso 2, Barone 1.5, Longo 1.5, Leone 1.5, Palumbo 2, "
        "Colombo 0.2, Brambilla 0.05, Villa 0.3, Sala 0.3, Cattaneo 0.2, Riva 0.2, Zanetti 0.2"
    ),
    "north": (
        "Colombo 3, Ferrari 2, Brambilla 5, Villa 3, Sala 3, Cattaneo 3, Fontana 2, Riva 3, "
        "Galli 2, Sartori 2, Zanetti 3, Bianchi 1.5, Mazzola 2, Negri 2, Gallo 1.5, Barbieri 1.5, "
        "Montanari 2, Fabbri 2, Ferri 1.5, Esposito 0.3, Sorrentino 0.2, Messina 0.3, "
        "Coppola 0.3, Caruso 0.4, Rizzo 0.5"
    ),
    "centre": (
        "Rossi 1.5, Mancini 2, Ricci 1.5, Marini 2, Santoro 1.3, Valentini 2, Giuliani 2, "
        "Silvestri 2, De Santis 2, De Angelis 2, Costantini 2, Martini 1.5, Brambilla 0.1, "
        "Colombo 0.4"
    ),
}

#: Given names are regional too: Salvatore and Concetta are Sicilian and Neapolitan.
IT_GIVEN_REGIONAL_BOOST = {
    "south": (
        "Giuseppe 1.6, Salvatore 2.5, Antonio 1.4, Vincenzo 2, Francesco 1.2, Raffaele 2, "
        "Domenico 1.8, Carmela 3, Concetta 3, Rosaria 2.5, Giuseppina 1.6, Maria Rosaria 2.5, "
        "Filomena 2.5, Angela 1.4, Anna 1.2, Marco 0.8, Luca 0.8"
    ),
    "north": (
        "Giuseppe 0.7, Salvatore 0.3, Vincenzo 0.4, Carmela 0.3, Concetta 0.2, Rosaria 0.3, "
        "Maria Rosaria 0.3, Filomena 0.3, Luigi 1.3, Mario 1.2, Giorgio 1.3, Franco 1.3"
    ),
}

# --- Portugal and Brazil: two given names and two or three surnames are the norm -----------
PT_F = (
    "Maria 90, Ana 45, Joana 15, Beatriz 14, Mariana 16, Inês 14, Catarina 14, Sofia 12, "
    "Marta 12, Rita 12, Sara 12, Carla 14, Sandra 12, Paula 12, Patrícia 12, Cláudia 10, "
    "Susana 10, Teresa 10, Isabel 12, Fernanda 8, Manuela 8, Rosa 8, Helena 8, Luísa 8, "
    "Filipa 8, Andreia 8, Daniela 8, Diana 8, Raquel 8, Vera 6, Cristina 10, Sónia 8, "
    "Fátima 8, Lúcia 6, Alexandra 8, Margarida 10, Leonor 8, Matilde 6, Carolina 10"
)
PT_M = (
    "José 60, João 50, António 35, Manuel 28, Francisco 22, Carlos 20, Pedro 20, Luís 18, "
    "Paulo 16, Rui 16, Miguel 16, Jorge 14, Nuno 14, Tiago 14, Ricardo 14, Bruno 12, André 12, "
    "Fernando 12, Joaquim 10, Diogo 12, Rodrigo 10, Hugo 10, Vítor 8, Mário 8, Sérgio 8, "
    "Filipe 10, Gonçalo 10, Duarte 6, Afonso 6, Martim 6, Tomás 8, Daniel 8, Rafael 8, "
    "Alexandre 8, Fábio 6, Marco 6, Hélder 4, Armando 4, Artur 4, Álvaro 4"
)
PT_SURNAMES = (
    "Silva 900, Santos 550, Ferreira 400, Pereira 380, Oliveira 350, Costa 300, Rodrigues 300, "
    "Martins 280, Jesus 220, Sousa 250, Fernandes 220, Gonçalves 220, Gomes 200, Lopes 190, "
    "Marques 190, Alves 180, Almeida 160, Ribeiro 160, Pinto 150, Carvalho 150, Teixeira 130, "
    "Moreira 130, Correia 120, Mendes 120, Nunes 110, Soares 110, Vieira 100, Monteiro 90, "
    "Cardoso 90, Rocha 90, Neves 80, Coelho 80, Cruz 80, Cunha 80, Pires 80, Ramos 80, Reis 80, "
    "Simões 70, Antunes 70, Matos 70, Fonseca 70, Machado 70, Araújo 60, Barbosa 60, Tavares 60, "
    "Lourenço 60, Castro 50, Figueiredo 50, Azevedo 50, Freitas 50, Baptista 50, Henriques 40, "
    "Leite 40, Magalhães 40, Sá 40, Brito 40, Campos 40, Faria 40, Melo 40, Guerreiro 40, "
    "Valente 30, Mota 30, Borges 30, Loureiro 30, Carneiro 30, Miranda 30, Paiva 30, "
    "Sequeira 30, Vaz 30, Batista 30"
)
BR_F = (
    "Maria 70, Ana 35, Francisca 12, Antônia 8, Adriana 10, Juliana 14, Márcia 8, Fernanda 14, "
    "Patrícia 12, Aline 10, Sandra 8, Camila 12, Amanda 10, Bruna 10, Jéssica 8, Letícia 8, "
    "Júlia 10, Luciana 10, Vanessa 8, Mariana 12, Gabriela 12, Vera 4, Vitória 6, Larissa 8, "
    "Cláudia 8, Beatriz 10, Rafaela 6, Carolina 8, Daniela 8, Simone 6, Tatiane 5, Raquel 5, "
    "Renata 6, Priscila 5, Débora 5, Luana 5, Isabela 5, Lúcia 5, Rosângela 4, Sônia 4, "
    "Regina 4, Helena 5"
)
BR_M = (
    "José 45, João 35, Antônio 22, Francisco 20, Carlos 22, Paulo 18, Pedro 18, Lucas 18, "
    "Luiz 14, Marcos 14, Luis 8, Gabriel 14, Rafael 14, Daniel 12, Marcelo 12, Bruno 12, "
    "Eduardo 10, Felipe 12, Raimundo 6, Rodrigo 12, Manoel 5, Mateus 8, André 10, Fernando 10, "
    "Fábio 8, Leonardo 8, Gustavo 10, Guilherme 10, Leandro 8, Tiago 6, Anderson 6, Ricardo 8, "
    "Márcio 6, Jorge 6, Sebastião 4, Alexandre 8, Roberto 6, Edson 4, Diego 6, Vitor 6, "
    "Sérgio 6, Cláudio 5, Matheus 8, Thiago 8, Renato 5, Júlio 4, Igor 4, Caio 4, Henrique 5"
)
BR_SURNAMES = (
    "Silva 1000, Santos 700, Oliveira 450, Souza 400, Rodrigues 250, Ferreira 240, Alves 230, "
    "Pereira 230, Lima 220, Gomes 200, Ribeiro 160, Carvalho 150, Almeida 140, Lopes 140, "
    "Martins 140, Costa 140, Soares 120, Fernandes 110, Vieira 110, Barbosa 100, Rocha 100, "
    "Dias 100, Nascimento 100, Andrade 90, Moreira 90, Nunes 90, Marques 90, Machado 80, "
    "Mendes 80, Freitas 80, Cardoso 80, Ramos 80, Gonçalves 80, Santana 70, Teixeira 70, "
    "Araújo 70, Cavalcanti 50, Batista 60, Castro 50, Correia 50, Pinto 50, Monteiro 50, "
    "Moura 50, Melo 60, Cunha 50, Reis 50, Campos 40, Borges 40, Pires 40, Jesus 60, Sousa 80, "
    "Rezende 30, Farias 30, Bezerra 30, Cruz 40, Medeiros 30, Aguiar 30, Queiroz 30, "
    "Siqueira 30, Xavier 30"
)
#: Second given names of Portuguese and Brazilian compounds (Maria Eduarda, João Pedro).
PTBR_SECOND_F = (
    "Eduarda 10, Clara 10, Paula 10, Carolina 8, Luiza 8, Fernanda 6, Beatriz 6, Cristina 6, "
    "Lúcia 5, Aparecida 8, de Fátima 6, José 3, João 3, Rita 4, Isabel 5, Helena 5, Vitória 4, "
    "Júlia 5, Teresa 4, Alice 3"
)
PTBR_SECOND_M = (
    "Pedro 10, Paulo 10, Carlos 10, Eduardo 8, Henrique 8, Antônio 6, Miguel 6, Luís 5, "
    "Gabriel 5, Vitor 5, Manuel 5, Filipe 4, Ricardo 4, Augusto 4, Roberto 4, Lucas 4, Rafael 3"
)

# --- Poland: surnames given in the male form; -ski/-cki/-dzki become -ska/-cka/-dzka ---------
PL_F = (
    "Anna 60, Maria 45, Katarzyna 35, Małgorzata 33, Agnieszka 27, Krystyna 23, Barbara 22, "
    "Ewa 21, Elżbieta 21, Zofia 20, Teresa 16, Magdalena 16, Joanna 16, Janina 15, Monika 12, "
    "Danuta 12, Jadwiga 11, Aleksandra 10, Natalia 10, Irena 10, Beata 9, Karolina 9, Marta 9, "
    "Dorota 9, Halina 9, Helena 8, Jolanta 8, Iwona 8, Grażyna 7, Justyna 7, Paulina 7, "
    "Julia 7, Zuzanna 5, Wiktoria 5, Alicja 6, Renata 6, Sylwia 6, Agata 6, Izabela 5, "
    "Weronika 5, Urszula 6, Wanda 5, Stanisława 4, Bożena 5, Hanna 5"
)
PL_M = (
    "Piotr 35, Krzysztof 33, Andrzej 32, Tomasz 27, Paweł 26, Jan 26, Michał 25, Marcin 24, "
    "Stanisław 20, Jakub 18, Adam 18, Marek 16, Łukasz 16, Grzegorz 15, Mateusz 15, "
    "Wojciech 14, Mariusz 13, Dariusz 13, Zbigniew 12, Jerzy 12, Maciej 11, Rafał 11, "
    "Robert 10, Kamil 10, Józef 10, Tadeusz 9, Ryszard 9, Jacek 9, Kacper 6, Bartłomiej 7, "
    "Sławomir 6, Dawid 7, Szymon 7, Przemysław 6, Sebastian 7, Artur 6, Janusz 7, Damian 6, "
    "Henryk 6, Kazimierz 6, Zdzisław 4, Leszek 5, Waldemar 5, Roman 5, Daniel 5"
)
PL_SURNAMES = (
    "Nowak 52, Kowalski 36, Wiśniewski 28, Wójcik 26, Kowalczyk 26, Kamiński 25, "
    "Lewandowski 24, Zieliński 23, Szymański 22, Woźniak 22, Dąbrowski 21, Kozłowski 19, "
    "Jankowski 18, Mazur 17, Wojciechowski 17, Kwiatkowski 17, Krawczyk 16, Kaczmarek 16, "
    "Piotrowski 16, Grabowski 15, Zając 14, Pawłowski 14, Michalski 14, Król 13, Wieczorek 13, "
    "Jabłoński 13, Wróbel 13, Nowakowski 13, Majewski 13, Olszewski 12, Stępień 12, "
    "Malinowski 12, Jaworski 12, Adamczyk 12, Dudek 12, Nowicki 11, Pawlak 11, Górski 11, "
    "Witkowski 11, Walczak 11, Sikora 11, Baran 11, Rutkowski 10, Michalak 10, Szewczyk 10, "
    "Ostrowski 10, Tomaszewski 10, Pietrzak 10, Duda 10, Zalewski 10, Wróblewski 9, "
    "Jasiński 9, Marciniak 9, Bąk 9, Zawadzki 9, Sadowski 9, Jakubowski 9, Wilk 9, "
    "Chmielewski 8, Włodarczyk 8, Borkowski 8, Czarnecki 8, Sawicki 8, Sokołowski 8, "
    "Urbański 8, Kubiak 8, Maciejewski 8, Szczepański 8, Kucharski 8, Wilczyński 7, "
    "Kalinowski 7, Lis 7, Mazurek 7, Wysocki 7, Adamski 7, Kaźmierczak 7, Wasilewski 7, "
    "Sobczak 7, Czerwiński 7, Andrzejewski 7, Cieślak 7, Głowacki 7, Zakrzewski 7, "
    "Kołodziej 7, Sikorski 7, Krajewski 7, Gajewski 7, Szymczak 7, Szulc 6, Baranowski 6, "
    "Laskowski 6, Brzeziński 6, Makowski 6, Ziółkowski 6, Przybylski 6"
)

# --- Iran (transliterated) ----------------------------------------------------------------
IR_F = (
    "Fatemeh 60, Zahra 50, Maryam 40, Masoumeh 15, Zeinab 18, Sakineh 8, Narges 14, Mahsa 10, "
    "Sara 14, Nazanin 10, Leila 12, Parisa 10, Elham 10, Somayeh 10, Roghayeh 8, Marzieh 8, "
    "Tahereh 6, Shirin 8, Nasrin 8, Akram 6, Mina 8, Neda 8, Samira 8, Azadeh 6, Fereshteh 6, "
    "Shahla 5, Mahnaz 5, Soheila 5, Ladan 4, Golnaz 4, Negar 6, Niloufar 6, Bahar 5, Ghazal 5, "
    "Yasaman 5, Hanieh 5, Kimia 4, Setareh 4, Roya 5, Ameneh 5, Kobra 4, Mahboubeh 4, "
    "Farzaneh 5, Atefeh 5, Hoda 5, Sepideh 5, Elnaz 4, Tina 3"
)
IR_M = (
    "Mohammad 80, Ali 55, Hossein 35, Reza 30, Mahdi 25, Mohammad Reza 25, Amir 18, Hamid 15, "
    "Saeed 14, Mostafa 12, Ahmad 14, Hassan 14, Abbas 10, Mohsen 12, Majid 10, Javad 10, "
    "Ebrahim 8, Yousef 6, Abolfazl 8, Morteza 10, Mojtaba 8, Hadi 8, Amir Hossein 12, "
    "Alireza 18, Mohammad Ali 10, Mohammad Hossein 8, Mehran 5, Behnam 5, Babak 5, Farhad 6, "
    "Kourosh 4, Dariush 4, Navid 5, Arash 6, Pouya 4, Sina 5, Omid 6, Vahid 6, Hamed 6, "
    "Masoud 6, Nima 6, Kamran 4, Payam 4, Siavash 4, Peyman 4, Milad 5, Amin 6, Ehsan 6, "
    "Iman 5, Sajjad 5"
)
IR_SURNAMES = (
    "Mohammadi 180, Hosseini 160, Ahmadi 120, Rezaei 110, Moradi 80, Karimi 75, Jafari 70, "
    "Rahimi 65, Heidari 60, Mousavi 55, Hashemi 50, Ghasemi 50, Sadeghi 48, Kazemi 45, "
    "Hosseinzadeh 35, Ebrahimi 40, Rostami 35, Akbari 35, Alizadeh 35, Najafi 30, Salehi 32, "
    "Mirzaei 30, Bagheri 30, Amiri 30, Azizi 28, Abbasi 28, Shahbazi 20, Asadi 22, Safari 22, "
    "Soltani 22, Yazdani 18, Nouri 20, Ranjbar 15, Taheri 20, Zarei 25, Rahmani 20, Jalali 15, "
    "Gholami 25, Sharifi 18, Kiani 15, Mahmoudi 18, Hassani 15, Davoodi 12, Mansouri 14, "
    "Jamshidi 12, Bahrami 14, Farahani 10, Kamali 10, Zamani 12, Mohammadzadeh 15, Tehrani 8, "
    "Shirazi 8, Esfahani 6, Kermani 6, Tabrizi 8, Rashidi 10, Fallah 8, Khani 8, "
    "Tabatabaei 8, Alavi 8"
)
#: Descendants of the Prophet often carry Seyed/Seyyed before the given name (or omit it).
IR_SAYYID_SURNAMES = frozenset(("Hosseini", "Mousavi", "Hashemi", "Tabatabaei", "Alavi"))
#: Spellings of the same Persian name met in Latin-script exports (first = most common).
IR_VARIANTS: dict[str, tuple[str, ...]] = {
    "Mohammad": ("Mohammed", "Muhammad", "Mohamad", "Mohamed"),
    "Hossein": ("Hosein", "Hussein", "Hosain"),
    "Mahdi": ("Mehdi",),
    "Saeed": ("Saeid", "Said", "Saied"),
    "Mostafa": ("Mustafa", "Moustafa"),
    "Ebrahim": ("Ibrahim",),
    "Yousef": ("Yusef", "Yousof", "Yusuf"),
    "Abolfazl": ("Abolfazel", "Abulfazl"),
    "Javad": ("Jawad",),
    "Mohsen": ("Mohsin",),
    "Morteza": ("Mortaza",),
    "Hassan": ("Hasan",),
    "Kourosh": ("Koorosh", "Kurosh"),
    "Dariush": ("Daryoush", "Dariosh"),
    "Masoud": ("Masood", "Masud"),
    "Alireza": ("Ali Reza", "Ali-Reza"),
    "Mohammad Reza": ("Mohammadreza", "Mohamad Reza", "Mohammed Reza"),
    "Amir Hossein": ("Amirhossein", "Amir Hosein"),
    "Mohammad Ali": ("Mohammadali", "Mohamad Ali"),
    "Mohammad Hossein": ("Mohammadhossein", "Mohammad Hosein"),
    "Fatemeh": ("Fateme", "Fatima", "Fatemah"),
    "Zeinab": ("Zeynab", "Zainab"),
    "Masoumeh": ("Masoume", "Masumeh", "Masoomeh"),
    "Maryam": ("Mariam",),
    "Leila": ("Leyla", "Layla", "Laila"),
    "Ghazal": ("Qazal",),
    "Sakineh": ("Sakine",),
    "Roghayeh": ("Roqayeh", "Roghaye"),
    "Somayeh": ("Somaye", "Sumayeh"),
    "Marzieh": ("Marziyeh", "Marzie"),
    "Tahereh": ("Tahere",),
    "Niloufar": ("Niloofar", "Nilufar"),
    "Mahboubeh": ("Mahboobeh", "Mahbubeh"),
    "Ameneh": ("Amene", "Amena"),
    "Atefeh": ("Atefe",),
    "Hanieh": ("Haniyeh", "Hanie"),
    "Hosseini": ("Hosseyni", "Hoseini", "Husseini", "Hosseiny"),
    "Mohammadi": ("Mohamadi", "Muhammadi"),
    "Rezaei": ("Rezaee", "Rezaie", "Rezai"),
    "Mousavi": ("Musavi", "Moosavi"),
    "Ghasemi": ("Qasemi", "Ghassemi"),
    "Heidari": ("Heydari", "Haidari"),
    "Sadeghi": ("Sadeqi", "Sadeghy"),
    "Jafari": ("Jafary", "Jaafari"),
    "Ebrahimi": ("Ibrahimi",),
    "Mirzaei": ("Mirzaee", "Mirzaie"),
    "Bagheri": ("Baqeri", "Bageri"),
    "Nouri": ("Noori", "Nuri"),
    "Zarei": ("Zareie", "Zarei'", "Zare"),
    "Gholami": ("Qolami",),
    "Mahmoudi": ("Mahmudi", "Mahmoodi"),
    "Hassani": ("Hasani",),
    "Davoodi": ("Davoudi", "Davudi"),
    "Mansouri": ("Mansoori", "Mansuri"),
    "Hosseinzadeh": ("Hosseinzade", "Hossein Zadeh", "Hoseinzadeh"),
    "Mohammadzadeh": ("Mohammadzade", "Mohammad Zadeh"),
    "Alizadeh": ("Alizade", "Ali Zadeh"),
    "Tabatabaei": ("Tabatabaee", "Tabatabai"),
    "Kiani": ("Kiyani",),
    "Esfahani": ("Isfahani",),
}
#: Stems and suffixes of Persian surnames (Karimzadeh, Rahimpour, Roshanfar ...): the tail.
IR_STEMS = [
    "Karim",
    "Rahim",
    "Sadegh",
    "Bagher",
    "Jafar",
    "Ahmad",
    "Mahmoud",
    "Hassan",
    "Akbar",
    "Asghar",
    "Nasser",
    "Javad",
    "Kazem",
    "Hashem",
    "Mousa",
    "Taghi",
    "Naghi",
    "Shafie",
    "Tavakol",
    "Yazd",
    "Golestan",
    "Noor",
    "Mehr",
    "Roshan",
    "Farhad",
    "Bahram",
    "Khosrow",
    "Dariush",
    "Shahr",
    "Zand",
    "Amin",
    "Salem",
    "Fazel",
    "Sharif",
    "Jalal",
    "Kamal",
    "Nasir",
    "Rasoul",
    "Habib",
    "Aziz",
    "Majid",
    "Saber",
    "Ghaffar",
    "Bakhtiar",
    "Eskandar",
    "Ferdows",
    "Ghorban",
    "Heshmat",
    "Jahan",
    "Kheir",
    "Latif",
    "Manouch",
    "Nejat",
    "Parviz",
    "Rostam",
    "Sohrab",
    "Tahmas",
    "Vali",
    "Yaghoub",
    "Zaman",
    "Ashraf",
    "Behzad",
    "Daneshvar",
    "Esmaeil",
    "Firouz",
    "Goodarz",
    "Hadad",
    "Iraj",
    "Kasra",
]
IR_SUFFIXES = (
    "i",
    "i",
    "i",
    "zadeh",
    "pour",
    "nejad",
    "far",
    "ian",
    "khani",
    "abadi",
    "nia",
    "doost",
    "vand",
    "lou",
)

# --- United Kingdom and United States -------------------------------------------------------
GB_F = (
    "Sarah 18, Elizabeth 14, Margaret 12, Susan 14, Helen 12, Emma 14, Claire 12, Karen 12, "
    "Julie 10, Lisa 10, Mary 12, Jennifer 8, Nicola 10, Rachel 10, Laura 12, Catherine 10, "
    "Louise 8, Joanne 8, Amanda 8, Michelle 8, Jane 10, Patricia 8, Linda 8, Alison 8, "
    "Deborah 6, Gillian 6, Christine 8, Jacqueline 6, Samantha 8, Rebecca 10, Hannah 10, "
    "Charlotte 12, Sophie 10, Jessica 8, Lucy 8, Emily 10, Amy 8, Victoria 8, Katherine 6, "
    "Anne 8, Ann 6, Janet 6, Pauline 4, Carol 6, Sandra 6, Lauren 6, Chloe 6, Olivia 6, "
    "Grace 5, Jade 4, Kelly 5, Angela 5, Tracy 4, Dawn 4"
)
GB_M = (
    "David 25, John 25, Michael 20, Paul 18, Andrew 18, James 22, Peter 14, Robert 15, "
    "Richard 14, Mark 16, Stephen 14, Christopher 14, Daniel 14, Thomas 14, William 12, "
    "Matthew 12, Ian 10, Simon 10, Gary 8, Steven 8, Anthony 8, Kevin 8, George 10, Alan 8, "
    "Brian 6, Jack 10, Oliver 10, Harry 10, Samuel 8, Joseph 8, Benjamin 8, Adam 8, Luke 6, "
    "Ryan 6, Jonathan 6, Martin 8, Graham 5, Colin 5, Keith 5, Neil 6, Philip 6, Edward 6, "
    "Charles 6, Lee 5, Darren 4, Craig 4, Jamie 5, Liam 5, Nathan 4, Mohammed 6"
)
GB_SURNAMES = (
    "Smith 115, Jones 75, Williams 60, Taylor 55, Brown 50, Davies 45, Evans 35, Wilson 30, "
    "Thomas 30, Johnson 28, Roberts 30, Robinson 25, Thompson 25, Wright 25, Walker 25, "
    "White 23, Edwards 23, Hughes 23, Green 22, Hall 22, Lewis 21, Harris 21, Clarke 20, "
    "Patel 20, Jackson 20, Wood 19, Turner 18, Martin 18, Cooper 17, Hill 17, Ward 17, "
    "Morris 17, Moore 17, Clark 16, Lee 16, King 16, Baker 16, Harrison 16, Morgan 16, Allen 15, "
    "James 15, Scott 15, Phillips 15, Watson 14, Davis 14, Parker 14, Price 13, Bennett 13, "
    "Young 13, Griffiths 13, Mitchell 13, Kelly 13, Cook 13, Carter 13, Richardson 12, "
    "Bailey 12, Collins 12, Bell 12, Shaw 12, Murphy 12, Miller 12, Cox 12, Richards 11, "
    "Khan 11, Marshall 11, Anderson 11, Simpson 11, Ellis 11, Adams 11, Singh 11, Begum 10, "
    "Wilkinson 10, Foster 10, Chapman 10, Powell 10, Webb 10, Rogers 10, Gray 10, Mason 10, "
    "Ali 10, Hunt 10, Hussain 10, Campbell 10, Matthews 10, Owen 10, Palmer 10, Holmes 10, "
    "Mills 10, Barnes 10, Knight 10, Lloyd 10, Butler 10, Russell 10, Barker 10, Fisher 10, "
    "Stevens 10, Jenkins 10, Murray 10, Dixon 10, Harvey 10, O'Brien 6, O'Connor 5, "
    "McDonald 6, MacDonald 5, McLean 4, O'Neill 5"
)
US_F = (
    "Mary 26, Patricia 13, Jennifer 13, Linda 12, Elizabeth 12, Barbara 11, Susan 10, "
    "Jessica 10, Sarah 9, Karen 9, Lisa 8, Nancy 8, Betty 7, Sandra 7, Margaret 7, Ashley 7, "
    "Kimberly 6, Emily 6, Donna 6, Michelle 6, Carol 6, Amanda 6, Melissa 6, Deborah 6, "
    "Stephanie 6, Dorothy 5, Rebecca 5, Sharon 5, Laura 5, Cynthia 5, Amy 5, Kathleen 5, "
    "Angela 5, Shirley 4, Brenda 4, Emma 4, Anna 4, Pamela 4, Nicole 4, Samantha 4, "
    "Katherine 4, Christine 4, Helen 4, Debra 4, Rachel 4, Carolyn 3, Janet 3, Maria 5, "
    "Catherine 3, Heather 3"
)
US_M = (
    "James 33, Robert 31, John 30, Michael 29, David 24, William 24, Richard 15, Joseph 14, "
    "Thomas 13, Christopher 12, Charles 12, Daniel 12, Matthew 10, Anthony 9, Mark 9, "
    "Donald 9, Steven 8, Andrew 7, Paul 7, Joshua 7, Kenneth 7, Kevin 7, Brian 7, George 6, "
    "Timothy 6, Ronald 6, Jason 6, Edward 6, Jeffrey 6, Ryan 5, Jacob 5, Gary 5, Nicholas 5, "
    "Eric 5, Jonathan 5, Stephen 5, Larry 4, Justin 4, Scott 4, Brandon 4, Benjamin 4, "
    "Samuel 4, Gregory 4, Alexander 4, Patrick 4, Frank 4, Raymond 3, Jose 5, Juan 4, Carlos 3"
)
US_SURNAMES = (
    "Smith 83, Johnson 65, Williams 55, Brown 49, Jones 48, Garcia 39, Miller 38, Davis 37, "
    "Rodriguez 35, Martinez 34, Hernandez 33, Lopez 28, Gonzalez 27, Wilson 26, Anderson 25, "
    "Thomas 24, Taylor 24, Moore 23, Jackson 23, Martin 23, Lee 22, Perez 20, Thompson 20, "
    "White 20, Harris 19, Sanchez 19, Clark 18, Ramirez 18, Lewis 17, Robinson 17, Walker 17, "
    "Young 16, Allen 16, King 16, Wright 16, Scott 16, Torres 15, Nguyen 15, Hill 15, "
    "Flores 15, Green 15, Adams 15, Nelson 14, Baker 14, Hall 14, Rivera 14, Campbell 14, "
    "Mitchell 13, Carter 13, Roberts 13, O'Brien 4, McCarthy 4, O'Connor 3"
)

# --- Nicknames people go by (canonical given name -> forms heard in the wild) --------------
#: Keyed by naming culture: 'Anna' is 'Ania' to a Pole, never to an Italian.
NICKNAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "IT": {
        "Giuseppe": ("Beppe", "Peppe", "Pino"),
        "Giovanni": ("Gianni", "Nanni"),
        "Antonio": ("Tonino", "Toni"),
        "Salvatore": ("Totò", "Salvo", "Turi"),
        "Francesco": ("Franco", "Checco", "Ciccio"),
        "Vincenzo": ("Enzo",),
        "Domenico": ("Mimmo",),
        "Luigi": ("Gigi", "Gino"),
        "Alessandro": ("Alex", "Sandro"),
        "Massimiliano": ("Max",),
        "Federico": ("Fede",),
        "Gabriele": ("Lele",),
        "Emanuele": ("Manu", "Lele"),
        "Raffaele": ("Lello",),
        "Giuseppina": ("Pina", "Giusy"),
        "Francesca": ("Chicca",),
        "Elisabetta": ("Betta",),
        "Alessandra": ("Ale", "Sandra"),
        "Antonella": ("Anto",),
        "Caterina": ("Rina",),
        "Margherita": ("Marghe",),
        "Carmela": ("Carmen", "Melina"),
        "Filomena": ("Mena",),
        "Maria Grazia": ("Grazia",),
    },
    "PTBR": {
        "José": ("Zé",),
        "Joaquim": ("Quim",),
        "Francisco": ("Chico", "Kiko"),
        "Manuel": ("Manel",),
        "António": ("Tó", "Toninho"),
        "Antônio": ("Toninho", "Tonho"),
        "Fernando": ("Nando",),
        "Eduardo": ("Dudu", "Edu"),
        "Roberto": ("Beto",),
        "Sebastião": ("Tião",),
        "Augusto": ("Guto",),
        "Gabriel": ("Biel",),
        "Beatriz": ("Bia",),
        "Gabriela": ("Gabi",),
        "Fernanda": ("Nanda",),
        "Carolina": ("Carol",),
        "Isabela": ("Bela", "Isa"),
        "Patrícia": ("Paty",),
        "Juliana": ("Ju",),
        "Cristina": ("Cris",),
        "Mariana": ("Mari",),
    },
    "PL": {
        "Katarzyna": ("Kasia",),
        "Małgorzata": ("Gosia", "Małgosia"),
        "Aleksandra": ("Ola",),
        "Joanna": ("Asia",),
        "Anna": ("Ania",),
        "Barbara": ("Basia",),
        "Elżbieta": ("Ela",),
        "Agnieszka": ("Aga",),
        "Magdalena": ("Magda",),
        "Zofia": ("Zosia",),
        "Jadwiga": ("Jadzia",),
        "Krystyna": ("Krysia",),
        "Tomasz": ("Tomek",),
        "Jakub": ("Kuba",),
        "Bartłomiej": ("Bartek",),
        "Piotr": ("Piotrek",),
        "Wojciech": ("Wojtek",),
        "Stanisław": ("Staszek",),
        "Jerzy": ("Jurek",),
        "Krzysztof": ("Krzysiek",),
        "Grzegorz": ("Grzesiek",),
        "Józef": ("Józek",),
        "Zbigniew": ("Zbyszek",),
        "Maciej": ("Maciek",),
        "Kazimierz": ("Kazik",),
        "Dariusz": ("Darek",),
        "Ryszard": ("Rysiek",),
        "Tadeusz": ("Tadek",),
        "Sławomir": ("Sławek",),
        "Przemysław": ("Przemek",),
    },
    "EN": {
        "William": ("Bill", "Will", "Billy"),
        "Robert": ("Bob", "Rob", "Bobby"),
        "James": ("Jim", "Jimmy"),
        "Michael": ("Mike", "Mick"),
        "David": ("Dave",),
        "Christopher": ("Chris",),
        "Thomas": ("Tom", "Tommy"),
        "Anthony": ("Tony",),
        "Richard": ("Rick", "Rich", "Dick"),
        "Joseph": ("Joe",),
        "Daniel": ("Dan", "Danny"),
        "Matthew": ("Matt",),
        "Andrew": ("Andy",),
        "Stephen": ("Steve",),
        "Steven": ("Steve",),
        "Edward": ("Ed", "Eddie", "Ted"),
        "Charles": ("Charlie", "Chuck"),
        "Jonathan": ("Jon",),
        "Nicholas": ("Nick",),
        "Benjamin": ("Ben",),
        "Samuel": ("Sam",),
        "Timothy": ("Tim",),
        "Kenneth": ("Ken",),
        "Donald": ("Don",),
        "Ronald": ("Ron",),
        "Gregory": ("Greg",),
        "Patrick": ("Pat",),
        "Peter": ("Pete",),
        "Philip": ("Phil",),
        "Elizabeth": ("Liz", "Beth", "Lizzie"),
        "Katherine": ("Kate", "Katie"),
        "Catherine": ("Kate", "Cathy"),
        "Margaret": ("Maggie", "Peggy"),
        "Jennifer": ("Jenny", "Jen"),
        "Susan": ("Sue",),
        "Patricia": ("Pat", "Patty", "Trish"),
        "Rebecca": ("Becky",),
        "Samantha": ("Sam",),
        "Deborah": ("Debbie",),
        "Victoria": ("Vicky",),
        "Jacqueline": ("Jackie",),
        "Amanda": ("Mandy",),
        "Pamela": ("Pam",),
        "Cynthia": ("Cindy",),
        "Jessica": ("Jess",),
        "Nicola": ("Nicky",),
        "Kimberly": ("Kim",),
    },
    "IR": {
        "Mohammad Reza": ("Reza",),
        "Amir Hossein": ("Amir",),
        "Fatemeh": ("Fati",),
    },
}
