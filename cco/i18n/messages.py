"""Problem messages and hints in English, Spanish, Portuguese and French.

A message key is a problem code with an optional variant ('CCO102/text'); its templates take
named parameters. Codes stay the same in every language; only the words change.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("en", "es", "pt", "fr")

# key -> language -> (message, hint or None)
Templates = dict[str, tuple[str, str | None]]

MESSAGES: dict[str, Templates] = {
    "CCO101/missing": {
        "en": ("file not found", "check the path and the file name"),
        "es": ("no se encuentra el archivo", "revise la ruta y el nombre del archivo"),
        "pt": ("arquivo não encontrado", "verifique o caminho e o nome do arquivo"),
        "fr": ("fichier introuvable", "vérifiez le chemin et le nom du fichier"),
    },
    "CCO101/directory": {
        "en": ("is a folder, not a file", None),
        "es": ("es una carpeta, no un archivo", None),
        "pt": ("é uma pasta, não um arquivo", None),
        "fr": ("est un dossier, pas un fichier", None),
    },
    "CCO101/unopenable": {
        "en": ("cannot open the file: {reason}", None),
        "es": ("no se puede abrir el archivo: {reason}", None),
        "pt": ("não é possível abrir o arquivo: {reason}", None),
        "fr": ("impossible d'ouvrir le fichier : {reason}", None),
    },
    "CCO101/no-folder": {
        "en": ("the folder {folder} does not exist", "create it, or choose another --output"),
        "es": ("la carpeta {folder} no existe", "créela o elija otra salida (--output)"),
        "pt": ("a pasta {folder} não existe", "crie-a ou escolha outra saída (--output)"),
        "fr": ("le dossier {folder} n'existe pas", "créez-le ou choisissez une autre sortie"),
    },
    "CCO101/unwritable": {
        "en": ("cannot write the file: {reason}", None),
        "es": ("no se puede escribir el archivo: {reason}", None),
        "pt": ("não é possível gravar o arquivo: {reason}", None),
        "fr": ("impossible d'écrire le fichier : {reason}", None),
    },
    "CCO101/not-regular": {
        "en": ("is not a regular file (a device or a pipe): cco reads files", None),
        "es": ("no es un archivo común (un dispositivo o una tubería): cco lee archivos", None),
        "pt": ("não é um arquivo comum (um dispositivo ou um pipe): o cco lê arquivos", None),
        "fr": (
            "n'est pas un fichier ordinaire (un périphérique ou un tube) : cco lit des fichiers",
            None,
        ),
    },
    "CCO101/not-a-file": {
        "en": (
            "is not a regular file (a device, a pipe or a folder): cco writes only to files",
            "name a file, or leave out --output to write to stdout",
        ),
        "es": (
            "no es un archivo común (un dispositivo, una tubería o una carpeta): cco solo escribe archivos",
            "indique un archivo, u omita --output para escribir en la salida estándar",
        ),
        "pt": (
            "não é um arquivo comum (um dispositivo, um pipe ou uma pasta): o cco só grava arquivos",
            "indique um arquivo, ou omita --output para gravar na saída padrão",
        ),
        "fr": (
            "n'est pas un fichier ordinaire (un périphérique, un tube ou un dossier) : cco n'écrit que des fichiers",
            "nommez un fichier, ou omettez --output pour écrire sur la sortie standard",
        ),
    },
    "CCO102/encrypted-or-xls": {
        "en": (
            "is an encrypted workbook or a legacy .xls file, not a plain {suffix} workbook",
            "remove the password, or save it as .xlsx",
        ),
        "es": (
            "es un libro cifrado o un archivo .xls antiguo, no un libro {suffix}",
            "quite la contraseña o guárdelo como .xlsx",
        ),
        "pt": (
            "é uma pasta de trabalho criptografada ou um .xls antigo, não um arquivo {suffix}",
            "remova a senha ou salve-o como .xlsx",
        ),
        "fr": (
            "est un classeur chiffré ou un ancien fichier .xls, pas un classeur {suffix}",
            "retirez le mot de passe ou enregistrez-le en .xlsx",
        ),
    },
    "CCO102/encrypted": {
        "en": ("is an encrypted (password-protected) workbook", "save it without a password"),
        "es": ("es un libro cifrado (con contraseña)", "guárdelo sin contraseña"),
        "pt": ("é uma pasta de trabalho criptografada (com senha)", "salve-a sem senha"),
        "fr": (
            "est un classeur chiffré (protégé par mot de passe)",
            "enregistrez-le sans mot de passe",
        ),
    },
    "CCO102/legacy-xls": {
        "en": ("is a legacy Excel 97-2003 (.xls) file", "save it as .xlsx"),
        "es": ("es un archivo antiguo de Excel 97-2003 (.xls)", "guárdelo como .xlsx"),
        "pt": ("é um arquivo antigo do Excel 97-2003 (.xls)", "salve-o como .xlsx"),
        "fr": ("est un ancien fichier Excel 97-2003 (.xls)", "enregistrez-le en .xlsx"),
    },
    "CCO102/empty": {
        "en": ("the file is empty", None),
        "es": ("el archivo está vacío", None),
        "pt": ("o arquivo está vazio", None),
        "fr": ("le fichier est vide", None),
    },
    "CCO102/text": {
        "en": (
            "is not a {suffix} workbook: its content is text",
            "rename it to .csv if it is a CSV export",
        ),
        "es": (
            "no es un libro {suffix}: su contenido es texto",
            "cámbiele la extensión a .csv si es una exportación CSV",
        ),
        "pt": (
            "não é uma pasta de trabalho {suffix}: o conteúdo é texto",
            "renomeie-o para .csv se for uma exportação CSV",
        ),
        "fr": (
            "n'est pas un classeur {suffix} : son contenu est du texte",
            "renommez-le en .csv s'il s'agit d'un export CSV",
        ),
    },
    "CCO102/binary": {
        "en": ("is not a {suffix} file: its content is some other kind of file", None),
        "es": ("no es un archivo {suffix}: su contenido es otro tipo de archivo", None),
        "pt": ("não é um arquivo {suffix}: o conteúdo é outro tipo de arquivo", None),
        "fr": ("n'est pas un fichier {suffix} : son contenu est d'un autre type", None),
    },
    "CCO102/kind": {
        "en": (
            "is named {suffix} but holds {kind}",
            "rename it with the right extension (.xlsx or .ods)",
        ),
        "es": (
            "se llama {suffix} pero contiene {kind}",
            "cámbiele el nombre con la extensión correcta (.xlsx u .ods)",
        ),
        "pt": (
            "tem o nome {suffix} mas contém {kind}",
            "renomeie-o com a extensão correta (.xlsx ou .ods)",
        ),
        "fr": (
            "porte l'extension {suffix} mais contient {kind}",
            "renommez-le avec la bonne extension (.xlsx ou .ods)",
        ),
    },
    "CCO102/result": {
        "en": (
            "is a workbook of results written by {by}, not a sheet to score",
            "move cco's outputs out of the folder of country sheets",
        ),
        "es": (
            "es un libro de resultados escrito por {by}, no una hoja para puntuar",
            "saque los resultados de cco de la carpeta de hojas de países",
        ),
        "pt": (
            "é uma pasta de resultados escrita por {by}, não uma planilha para avaliar",
            "tire os resultados do cco da pasta de planilhas dos países",
        ),
        "fr": (
            "est un classeur de résultats écrit par {by}, pas une feuille à noter",
            "sortez les résultats de cco du dossier des feuilles des pays",
        ),
    },
    "CCO102/truncated": {
        "en": (
            "the workbook is truncated or damaged ({detail})",
            "copy or download the file again",
        ),
        "es": (
            "el libro está truncado o dañado ({detail})",
            "copie o descargue el archivo de nuevo",
        ),
        "pt": (
            "a pasta de trabalho está truncada ou danificada ({detail})",
            "copie ou baixe o arquivo de novo",
        ),
        "fr": (
            "le classeur est tronqué ou endommagé ({detail})",
            "copiez ou téléchargez à nouveau le fichier",
        ),
    },
    "CCO102/method": {
        "en": (
            "the part {part} is compressed by method {method}, which spreadsheet programs never "
            "use; it was not unpacked",
            "open it in a spreadsheet program and save it again",
        ),
        "es": (
            "la parte {part} está comprimida con el método {method}, que las hojas de cálculo "
            "nunca usan; no se descomprimió",
            "ábralo en una hoja de cálculo y guárdelo de nuevo",
        ),
        "pt": (
            "a parte {part} está comprimida pelo método {method}, que as planilhas nunca usam; "
            "não foi descomprimida",
            "abra-o em uma planilha e salve-o novamente",
        ),
        "fr": (
            "la partie {part} est compressée par la méthode {method}, qu'aucun tableur "
            "n'utilise ; elle n'a pas été décompressée",
            "ouvrez-le dans un tableur et enregistrez-le à nouveau",
        ),
    },
    "CCO102/broken": {
        "en": (
            "cannot read the workbook: {detail}",
            "open it in a spreadsheet program and save it again",
        ),
        "es": (
            "no se puede leer el libro: {detail}",
            "ábralo en una hoja de cálculo y vuelva a guardarlo",
        ),
        "pt": (
            "não é possível ler a pasta de trabalho: {detail}",
            "abra-a em uma planilha e salve-a novamente",
        ),
        "fr": (
            "impossible de lire le classeur : {detail}",
            "ouvrez-le dans un tableur et enregistrez-le à nouveau",
        ),
    },
    "CCO103/xls": {
        "en": ("unsupported file type '{suffix}'", "save it as .xlsx"),
        "es": ("tipo de archivo no admitido '{suffix}'", "guárdelo como .xlsx"),
        "pt": ("tipo de arquivo não suportado '{suffix}'", "salve-o como .xlsx"),
        "fr": ("type de fichier non pris en charge « {suffix} »", "enregistrez-le en .xlsx"),
    },
    "CCO103/other": {
        "en": ("unsupported file type '{suffix}'", "use .xlsx, .xlsm, .ods or .csv"),
        "es": ("tipo de archivo no admitido '{suffix}'", "use .xlsx, .xlsm, .ods o .csv"),
        "pt": ("tipo de arquivo não suportado '{suffix}'", "use .xlsx, .xlsm, .ods ou .csv"),
        "fr": (
            "type de fichier non pris en charge « {suffix} »",
            "utilisez .xlsx, .xlsm, .ods ou .csv",
        ),
    },
    "CCO104": {
        "en": (
            "no header row found: no row names a commitment (or id) column and R, E, S",
            "put a header row such as 'Commitment | R | E | S' above the scores",
        ),
        "es": (
            "no se encontró la fila de encabezados: ninguna fila nombra una columna de "
            "compromiso (o id) y R, E, S",
            "ponga una fila de encabezados como 'Compromiso | R | E | S' sobre los puntajes",
        ),
        "pt": (
            "nenhuma linha de cabeçalho: nenhuma linha nomeia uma coluna de compromisso (ou id) "
            "e R, E, S",
            "coloque uma linha de cabeçalho como 'Compromisso | R | E | S' acima das notas",
        ),
        "fr": (
            "aucune ligne d'en-tête : aucune ligne ne nomme une colonne d'engagement (ou id) "
            "et R, E, S",
            "placez une ligne d'en-tête comme « Engagement | R | E | S » au-dessus des notes",
        ),
    },
    "CCO105": {
        "en": (
            "the header row has no {criteria} column",
            "add the column (R, E and S are accepted as headers)",
        ),
        "es": (
            "la fila de encabezados no tiene columna de {criteria}",
            "agregue la columna (se aceptan R, E y S como encabezados)",
        ),
        "pt": (
            "a linha de cabeçalho não tem coluna de {criteria}",
            "adicione a coluna (R, E e S são aceitos como cabeçalhos)",
        ),
        "fr": (
            "la ligne d'en-tête n'a pas de colonne {criteria}",
            "ajoutez la colonne (R, E et S sont acceptés comme en-têtes)",
        ),
    },
    "CCO106": {
        "en": ("the file has a header row but no scored item", "fill in at least one item"),
        "es": (
            "el archivo tiene encabezados pero ningún ítem puntuado",
            "complete al menos un ítem",
        ),
        "pt": ("o arquivo tem cabeçalho mas nenhum item avaliado", "preencha pelo menos um item"),
        "fr": ("le fichier a un en-tête mais aucun élément noté", "remplissez au moins un élément"),
    },
    "CCO117": {
        "en": (
            "this column is also read as '{field}', like column {first}: cco cannot tell which "
            "holds the scores",
            "keep one of the two; scores of another phase go in a separate file (--baseline)",
        ),
        "es": (
            "esta columna también se lee como '{field}', igual que la columna {first}: cco no "
            "sabe cuál tiene las notas",
            "deje una de las dos; las notas de otra fase van en un archivo aparte (--baseline)",
        ),
        "pt": (
            "esta coluna também é lida como '{field}', como a coluna {first}: o cco não sabe "
            "qual tem as notas",
            "mantenha uma das duas; notas de outra fase vão num arquivo separado (--baseline)",
        ),
        "fr": (
            "cette colonne est aussi lue comme « {field} », comme la colonne {first} : cco ne "
            "sait pas laquelle porte les notes",
            "gardez l'une des deux ; les notes d'une autre phase vont dans un fichier à part "
            "(--baseline)",
        ),
    },
    "CCO107": {
        "en": (
            "this column is also read as '{field}', already taken by column {first}; it is ignored",
            None,
        ),
        "es": (
            "esta columna también se lee como '{field}', ya tomada por la columna {first}; se ignora",
            None,
        ),
        "pt": (
            "esta coluna também é lida como '{field}', já usada pela coluna {first}; é ignorada",
            None,
        ),
        "fr": (
            "cette colonne se lit aussi comme « {field} », déjà prise par la colonne {first} ; elle est ignorée",
            None,
        ),
    },
    "CCO108": {
        "en": ("refusing to write over the input file {input}", "choose another --output path"),
        "es": (
            "no se sobrescribe el archivo de entrada {input}",
            "elija otra ruta de salida (--output)",
        ),
        "pt": (
            "o arquivo de entrada {input} não será sobrescrito",
            "escolha outro caminho de saída (--output)",
        ),
        "fr": (
            "refus d'écraser le fichier d'entrée {input}",
            "choisissez un autre chemin de sortie (--output)",
        ),
    },
    "CCO109": {
        "en": (
            "the CSV is not UTF-8; its encoding was guessed as {encoding}",
            "save the CSV as UTF-8 so that accents are read as written",
        ),
        "es": (
            "el CSV no está en UTF-8; se supuso la codificación {encoding}",
            "guarde el CSV como UTF-8 para que los acentos se lean bien",
        ),
        "pt": (
            "o CSV não está em UTF-8; a codificação foi presumida como {encoding}",
            "salve o CSV como UTF-8 para que os acentos sejam lidos corretamente",
        ),
        "fr": (
            "le CSV n'est pas en UTF-8 ; son encodage a été deviné : {encoding}",
            "enregistrez le CSV en UTF-8 pour que les accents soient bien lus",
        ),
    },
    "CCO110": {
        "en": (
            "the hidden sheet '{sheet}' holds scores; they are read",
            "unhide the sheet, or delete it if it is an old copy",
        ),
        "es": (
            "la hoja oculta '{sheet}' tiene puntajes; se leen",
            "muestre la hoja o bórrela si es una copia vieja",
        ),
        "pt": (
            "a planilha oculta '{sheet}' tem notas; elas são lidas",
            "reexiba a planilha ou apague-a se for uma cópia antiga",
        ),
        "fr": (
            "la feuille masquée « {sheet} » contient des notes ; elles sont lues",
            "affichez la feuille, ou supprimez-la si c'est une ancienne copie",
        ),
    },
    "CCO111": {
        "en": (
            "the formula in {cell} has no computed value",
            "open the file in a spreadsheet program and save it, so that formulas are calculated",
        ),
        "es": (
            "la fórmula de {cell} no tiene un valor calculado",
            "abra el archivo en una hoja de cálculo y guárdelo para que se calculen las fórmulas",
        ),
        "pt": (
            "a fórmula em {cell} não tem valor calculado",
            "abra o arquivo em uma planilha e salve-o para que as fórmulas sejam calculadas",
        ),
        "fr": (
            "la formule de {cell} n'a pas de valeur calculée",
            "ouvrez le fichier dans un tableur et enregistrez-le pour que les formules soient calculées",
        ),
    },
    "CCO112": {
        "en": (
            "row {row} is hidden but holds scores for {id}; they are read",
            "unhide the row, or delete it if it should not count",
        ),
        "es": (
            "la fila {row} está oculta pero tiene puntajes de {id}; se leen",
            "muestre la fila o bórrela si no debe contar",
        ),
        "pt": (
            "a linha {row} está oculta mas tem notas de {id}; elas são lidas",
            "reexiba a linha ou apague-a se não deve contar",
        ),
        "fr": (
            "la ligne {row} est masquée mais contient des notes de {id} ; elles sont lues",
            "affichez la ligne, ou supprimez-la si elle ne doit pas compter",
        ),
    },
    "CCO113/file": {
        "en": ("the file is {size}, over the {limit} limit", "split it, or raise CCO_MAX_FILE_MB"),
        "es": (
            "el archivo pesa {size}, más que el límite de {limit}",
            "divídalo o aumente CCO_MAX_FILE_MB",
        ),
        "pt": (
            "o arquivo tem {size}, acima do limite de {limit}",
            "divida-o ou aumente CCO_MAX_FILE_MB",
        ),
        "fr": (
            "le fichier fait {size}, au-delà de la limite de {limit}",
            "découpez-le ou augmentez CCO_MAX_FILE_MB",
        ),
    },
    "CCO113/unpacked": {
        "en": (
            "the workbook would unpack to {size}, over the {limit} limit; it was not unpacked",
            "if the file is genuine, raise CCO_MAX_UNPACKED_MB",
        ),
        "es": (
            "el libro se descomprimiría en {size}, más que el límite de {limit}; no se descomprimió",
            "si el archivo es legítimo, aumente CCO_MAX_UNPACKED_MB",
        ),
        "pt": (
            "a pasta de trabalho descompactada teria {size}, acima do limite de {limit}; não foi descompactada",
            "se o arquivo for legítimo, aumente CCO_MAX_UNPACKED_MB",
        ),
        "fr": (
            "le classeur décompressé ferait {size}, au-delà de la limite de {limit} ; il n'a pas été décompressé",
            "si le fichier est légitime, augmentez CCO_MAX_UNPACKED_MB",
        ),
    },
    "CCO113/inflated": {
        "en": (
            "the part {part} inflates past the {limit} unpacked limit, whatever size it declares",
            "if the file is genuine, raise CCO_MAX_UNPACKED_MB",
        ),
        "es": (
            "la parte {part} se descomprime en más que el límite de {limit}, diga lo que diga "
            "su tamaño declarado",
            "si el archivo es legítimo, aumente CCO_MAX_UNPACKED_MB",
        ),
        "pt": (
            "a parte {part} descomprime além do limite de {limit}, seja qual for o tamanho "
            "declarado",
            "se o arquivo for legítimo, aumente CCO_MAX_UNPACKED_MB",
        ),
        "fr": (
            "la partie {part} se décompresse au-delà de la limite de {limit}, quelle que soit "
            "la taille déclarée",
            "si le fichier est authentique, augmentez CCO_MAX_UNPACKED_MB",
        ),
    },
    "CCO113/parts": {
        "en": (
            "the workbook holds {count} parts, over the {limit} limit",
            "if the file is genuine, raise CCO_MAX_PARTS",
        ),
        "es": (
            "el libro contiene {count} partes, más que el límite de {limit}",
            "si el archivo es legítimo, aumente CCO_MAX_PARTS",
        ),
        "pt": (
            "a pasta de trabalho contém {count} partes, acima do limite de {limit}",
            "se o arquivo for legítimo, aumente CCO_MAX_PARTS",
        ),
        "fr": (
            "le classeur contient {count} parties, au-delà de la limite de {limit}",
            "si le fichier est légitime, augmentez CCO_MAX_PARTS",
        ),
    },
    "CCO114": {
        "en": (
            "the sheet's used range reaches row {rows} and column {columns}, beyond the limit of {limit_rows} rows, column {limit_columns} or {limit_cells} cells",
            "delete stray cells far from the data (Ctrl+End shows the last one)",
        ),
        "es": (
            "el rango usado de la hoja llega a la fila {rows} y la columna {columns}, más allá del límite de {limit_rows} filas, la columna {limit_columns} o {limit_cells} celdas",
            "borre celdas sueltas lejos de los datos (Ctrl+Fin muestra la última)",
        ),
        "pt": (
            "o intervalo usado da planilha chega à linha {rows} e à coluna {columns}, além do limite de {limit_rows} linhas, da coluna {limit_columns} ou de {limit_cells} células",
            "apague células soltas longe dos dados (Ctrl+End mostra a última)",
        ),
        "fr": (
            "la plage utilisée de la feuille atteint la ligne {rows} et la colonne {columns}, au-delà de la limite de {limit_rows} lignes, de la colonne {limit_columns} ou de {limit_cells} cellules",
            "supprimez les cellules isolées loin des données (Ctrl+Fin montre la dernière)",
        ),
    },
    "CCO118/memory": {
        "en": (
            "could not be read safely: reading it needed more than the {memory} memory limit",
            "if the file is genuine, raise CCO_MAX_READ_MEMORY_MB",
        ),
        "es": (
            "no se pudo leer de forma segura: leerlo necesitaba más que el límite de memoria de "
            "{memory}",
            "si el archivo es legítimo, aumente CCO_MAX_READ_MEMORY_MB",
        ),
        "pt": (
            "não foi possível ler com segurança: a leitura precisava de mais que o limite de "
            "memória de {memory}",
            "se o arquivo for legítimo, aumente CCO_MAX_READ_MEMORY_MB",
        ),
        "fr": (
            "lecture impossible sans risque : la lecture dépassait la limite de mémoire de {memory}",
            "si le fichier est authentique, augmentez CCO_MAX_READ_MEMORY_MB",
        ),
    },
    "CCO118/cpu": {
        "en": (
            "could not be read safely: reading it took more than the {cpu} s processor-time limit",
            "if the file is genuine, raise CCO_MAX_READ_CPU_SECONDS",
        ),
        "es": (
            "no se pudo leer de forma segura: leerlo superó el límite de {cpu} s de procesador",
            "si el archivo es legítimo, aumente CCO_MAX_READ_CPU_SECONDS",
        ),
        "pt": (
            "não foi possível ler com segurança: a leitura passou do limite de {cpu} s de "
            "processador",
            "se o arquivo for legítimo, aumente CCO_MAX_READ_CPU_SECONDS",
        ),
        "fr": (
            "lecture impossible sans risque : la lecture dépassait la limite de {cpu} s de "
            "processeur",
            "si le fichier est authentique, augmentez CCO_MAX_READ_CPU_SECONDS",
        ),
    },
    "CCO118/deadline": {
        "en": (
            "could not be read safely: reading it took more than the {seconds} s time limit",
            "if the file is genuine, raise CCO_MAX_READ_SECONDS",
        ),
        "es": (
            "no se pudo leer de forma segura: leerlo superó el límite de {seconds} s",
            "si el archivo es legítimo, aumente CCO_MAX_READ_SECONDS",
        ),
        "pt": (
            "não foi possível ler com segurança: a leitura passou do limite de {seconds} s",
            "se o arquivo for legítimo, aumente CCO_MAX_READ_SECONDS",
        ),
        "fr": (
            "lecture impossible sans risque : la lecture dépassait la limite de {seconds} s",
            "si le fichier est authentique, augmentez CCO_MAX_READ_SECONDS",
        ),
    },
    "CCO118/killed": {
        "en": (
            "could not be read safely: the reader was stopped ({detail}), past the {cpu} s "
            "processor-time limit or out of memory",
            "if the file is genuine, raise CCO_MAX_READ_CPU_SECONDS or CCO_MAX_READ_MEMORY_MB",
        ),
        "es": (
            "no se pudo leer de forma segura: el lector fue detenido ({detail}), por el límite "
            "de {cpu} s de procesador o por falta de memoria",
            "si el archivo es legítimo, aumente CCO_MAX_READ_CPU_SECONDS o CCO_MAX_READ_MEMORY_MB",
        ),
        "pt": (
            "não foi possível ler com segurança: o leitor foi interrompido ({detail}), pelo "
            "limite de {cpu} s de processador ou por falta de memória",
            "se o arquivo for legítimo, aumente CCO_MAX_READ_CPU_SECONDS ou CCO_MAX_READ_MEMORY_MB",
        ),
        "fr": (
            "lecture impossible sans risque : le lecteur a été arrêté ({detail}), par la limite "
            "de {cpu} s de processeur ou faute de mémoire",
            "si le fichier est authentique, augmentez CCO_MAX_READ_CPU_SECONDS ou "
            "CCO_MAX_READ_MEMORY_MB",
        ),
    },
    "CCO118/crash": {
        "en": (
            "could not be read safely: the reader crashed ({detail})",
            "open it in a spreadsheet program and save it again",
        ),
        "es": (
            "no se pudo leer de forma segura: el lector falló ({detail})",
            "ábralo en una hoja de cálculo y guárdelo de nuevo",
        ),
        "pt": (
            "não foi possível ler com segurança: o leitor falhou ({detail})",
            "abra-o em uma planilha e salve-o novamente",
        ),
        "fr": (
            "lecture impossible sans risque : le lecteur a échoué ({detail})",
            "ouvrez-le dans un tableur et enregistrez-le à nouveau",
        ),
    },
    "CCO115": {
        "en": (
            "the part {part} declares XML entities, which a workbook never needs; it was not read",
            "save the file again from a spreadsheet program",
        ),
        "es": (
            "la parte {part} declara entidades XML, que un libro nunca necesita; no se leyó",
            "vuelva a guardar el archivo desde una hoja de cálculo",
        ),
        "pt": (
            "a parte {part} declara entidades XML, que uma pasta de trabalho nunca usa; não foi lida",
            "salve o arquivo novamente em uma planilha",
        ),
        "fr": (
            "la partie {part} déclare des entités XML, dont un classeur n'a jamais besoin ; elle n'a pas été lue",
            "enregistrez à nouveau le fichier depuis un tableur",
        ),
    },
    "CCO116/shipped": {
        "en": (
            "the catalog shipped with cco is missing",
            "install cco from its repository (pip install -e .), or give a catalog with --catalog FILE or CCO_CATALOG",
        ),
        "es": (
            "falta el catálogo que trae cco",
            "instale cco desde su repositorio (pip install -e .), o indique un catálogo con --catalog ARCHIVO o CCO_CATALOG",
        ),
        "pt": (
            "o catálogo que acompanha o cco está faltando",
            "instale o cco a partir do repositório (pip install -e .), ou indique um catálogo com --catalog ARQUIVO ou CCO_CATALOG",
        ),
        "fr": (
            "le catalogue livré avec cco est introuvable",
            "installez cco depuis son dépôt (pip install -e .), ou indiquez un catalogue avec --catalog FICHIER ou CCO_CATALOG",
        ),
    },
    "CCO116/column": {
        "en": (
            "the catalog has no '{name}' column",
            "the first row names the columns; id and text are required (data/catalog.csv shows them all)",
        ),
        "es": (
            "el catálogo no tiene la columna '{name}'",
            "la primera fila nombra las columnas; id y text son obligatorias (data/catalog.csv las muestra todas)",
        ),
        "pt": (
            "o catálogo não tem a coluna '{name}'",
            "a primeira linha nomeia as colunas; id e text são obrigatórias (data/catalog.csv mostra todas)",
        ),
        "fr": (
            "le catalogue n'a pas de colonne « {name} »",
            "la première ligne nomme les colonnes ; id et text sont obligatoires (data/catalog.csv les montre toutes)",
        ),
    },
    "CCO116/value": {
        "en": (
            "'{value}' is not a valid {field}",
            "ids look like VIII-25, IX-A-3D or IX-C-17; themes are 1-5 (or the plan letter A-E)",
        ),
        "es": (
            "'{value}' no es un {field} válido",
            "los ids se escriben VIII-25, IX-A-3D o IX-C-17; los temas van del 1 al 5 (o la letra del plan, A-E)",
        ),
        "pt": (
            "'{value}' não é um {field} válido",
            "os ids se escrevem VIII-25, IX-A-3D ou IX-C-17; os eixos vão de 1 a 5 (ou a letra do plano, A-E)",
        ),
        "fr": (
            "« {value} » n'est pas un {field} valide",
            "les ids s'écrivent VIII-25, IX-A-3D ou IX-C-17 ; les thèmes vont de 1 à 5 (ou la lettre du plan, A-E)",
        ),
    },
    "CCO116/disagrees": {
        "en": (
            "{id}: the {field} column says '{value}' but the id says '{expected}'",
            "correct the id or the column, or leave the column empty",
        ),
        "es": (
            "{id}: la columna {field} dice '{value}' pero el id dice '{expected}'",
            "corrija el id o la columna, o deje la columna vacía",
        ),
        "pt": (
            "{id}: a coluna {field} diz '{value}' mas o id diz '{expected}'",
            "corrija o id ou a coluna, ou deixe a coluna vazia",
        ),
        "fr": (
            "{id} : la colonne {field} indique « {value} » mais l'id indique « {expected} »",
            "corrigez l'id ou la colonne, ou laissez la colonne vide",
        ),
    },
    "CCO116/missing": {
        "en": ("{id} has no {field}", "fill in its {field} cell"),
        "es": ("{id} no tiene {field}", "complete su celda {field}"),
        "pt": ("{id} não tem {field}", "preencha a célula {field}"),
        "fr": ("{id} n'a pas de {field}", "remplissez sa cellule {field}"),
    },
    "CCO116/duplicate": {
        "en": ("{id} is listed twice: also in row {other_row}", "keep one row per id"),
        "es": ("{id} aparece dos veces: también en la fila {other_row}", "deje una fila por id"),
        "pt": ("{id} aparece duas vezes: também na linha {other_row}", "mantenha uma linha por id"),
        "fr": ("{id} figure deux fois : aussi à la ligne {other_row}", "gardez une ligne par id"),
    },
    "CCO119/quote": {
        "en": (
            "a quote opened in this row (line {line}) never closes: every later line would be "
            "read into one cell",
            "close the quote, or remove it",
        ),
        "es": (
            "unas comillas abiertas en esta fila (línea {line}) nunca se cierran: todas las "
            "líneas siguientes se leerían en una sola celda",
            "cierre las comillas o quítelas",
        ),
        "pt": (
            "aspas abertas nesta linha (linha {line} do arquivo) nunca se fecham: todas as "
            "linhas seguintes seriam lidas em uma só célula",
            "feche as aspas ou remova-as",
        ),
        "fr": (
            "un guillemet ouvert dans cette ligne (ligne {line} du fichier) ne se ferme jamais : "
            "toutes les lignes suivantes seraient lues dans une seule cellule",
            "fermez le guillemet ou supprimez-le",
        ),
    },
    "CCO119/swallowed": {
        "en": (
            "a quoted cell of this row (from line {line}) holds whole lines shaped like rows: a "
            "stray quote would hide them",
            "check the quotes of this row; a cell's own line breaks are fine",
        ),
        "es": (
            "una celda entre comillas de esta fila (desde la línea {line}) contiene líneas "
            "enteras con forma de fila: unas comillas sueltas las ocultarían",
            "revise las comillas de esta fila; los saltos de línea propios de una celda están bien",
        ),
        "pt": (
            "uma célula entre aspas desta linha (desde a linha {line} do arquivo) contém linhas "
            "inteiras com forma de linha da planilha: aspas soltas as esconderiam",
            "verifique as aspas desta linha; quebras de linha próprias de uma célula são aceitas",
        ),
        "fr": (
            "une cellule entre guillemets de cette ligne (depuis la ligne {line} du fichier) "
            "contient des lignes entières en forme de ligne du tableau : un guillemet égaré les "
            "cacherait",
            "vérifiez les guillemets de cette ligne ; les sauts de ligne d'une cellule sont "
            "acceptés",
        ),
    },
    "CCO119/field": {
        "en": (
            "a field of this row (from line {line}) is longer than the {limit}-character limit",
            "check for a stray quote; if the text is genuine, raise CCO_MAX_FIELD_CHARS",
        ),
        "es": (
            "un campo de esta fila (desde la línea {line}) supera el límite de {limit} caracteres",
            "busque unas comillas sueltas; si el texto es legítimo, aumente CCO_MAX_FIELD_CHARS",
        ),
        "pt": (
            "um campo desta linha (desde a linha {line} do arquivo) passa do limite de {limit} "
            "caracteres",
            "procure aspas soltas; se o texto for legítimo, aumente CCO_MAX_FIELD_CHARS",
        ),
        "fr": (
            "un champ de cette ligne (depuis la ligne {line} du fichier) dépasse la limite de "
            "{limit} caractères",
            "cherchez un guillemet égaré ; si le texte est authentique, augmentez "
            "CCO_MAX_FIELD_CHARS",
        ),
    },
    "CCO201": {
        "en": (
            "{value} is outside the scale 0-{max}",
            "scores go from 0 (no development) to {max} (high)",
        ),
        "es": (
            "{value} está fuera de la escala 0-{max}",
            "los puntajes van de 0 (sin desarrollo) a {max} (alto)",
        ),
        "pt": (
            "{value} está fora da escala 0-{max}",
            "as notas vão de 0 (sem desenvolvimento) a {max} (alto)",
        ),
        "fr": (
            "{value} est hors de l'échelle 0-{max}",
            "les notes vont de 0 (aucun développement) à {max} (élevé)",
        ),
    },
    "CCO201/percent": {
        "en": (
            "'{value}' is shown as a percentage ({percent}): a score is a rating, not a share",
            "type the score itself (e.g. 2.83); cco computes percentages (score / scale max)",
        ),
        "es": (
            "'{value}' se muestra como porcentaje ({percent}): una nota es una calificación, no "
            "una proporción",
            "escriba la nota misma (p. ej. 2.83); cco calcula los porcentajes (nota / escala)",
        ),
        "pt": (
            "'{value}' aparece como porcentagem ({percent}): uma nota é uma avaliação, não uma "
            "proporção",
            "digite a própria nota (ex. 2.83); o cco calcula as porcentagens (nota / escala)",
        ),
        "fr": (
            "« {value} » s'affiche en pourcentage ({percent}) : une note est une évaluation, pas "
            "une part",
            "saisissez la note elle-même (p. ex. 2.83) ; cco calcule les pourcentages (note / "
            "échelle)",
        ),
    },
    "CCO202/split": {
        "en": (
            "the row has {extra} cell(s) more than its header: in a comma-separated file, a "
            "decimal comma splits a number in two",
            'put numbers with a decimal comma in quotes ("2,81"), or separate columns with ";"',
        ),
        "es": (
            "la fila tiene {extra} celda(s) más que su encabezado: en un archivo separado por "
            "comas, una coma decimal parte un número en dos",
            'ponga entre comillas los números con coma decimal ("2,81"), o separe las columnas '
            'con ";"',
        ),
        "pt": (
            "a linha tem {extra} célula(s) a mais que o cabeçalho: num arquivo separado por "
            "vírgulas, uma vírgula decimal parte um número em dois",
            'ponha entre aspas os números com vírgula decimal ("2,81"), ou separe as colunas '
            'com ";"',
        ),
        "fr": (
            "la ligne a {extra} cellule(s) de plus que son en-tête : dans un fichier séparé par "
            "des virgules, une virgule décimale coupe un nombre en deux",
            "mettez entre guillemets les nombres à virgule décimale (« 2,81 »), ou séparez les "
            "colonnes par « ; »",
        ),
    },
    "CCO202": {
        "en": (
            "'{value}' is not a number",
            "type a number such as 2.5 or 2,5, or leave the cell empty",
        ),
        "es": (
            "'{value}' no es un número",
            "escriba un número como 2,5 o 2.5, o deje la celda vacía",
        ),
        "pt": (
            "'{value}' não é um número",
            "digite um número como 2,5 ou 2.5, ou deixe a célula vazia",
        ),
        "fr": (
            "« {value} » n'est pas un nombre",
            "saisissez un nombre comme 2,5 ou 2.5, ou laissez la cellule vide",
        ),
    },
    "CCO203": {
        "en": (
            "an organization's rating must be a whole number, not {value}",
            "type 0, 1, 2 or 3; means are computed by cco",
        ),
        "es": (
            "la calificación de una organización debe ser un número entero, no {value}",
            "escriba 0, 1, 2 o 3; cco calcula los promedios",
        ),
        "pt": (
            "a nota de uma organização deve ser um número inteiro, não {value}",
            "digite 0, 1, 2 ou 3; o cco calcula as médias",
        ),
        "fr": (
            "la note d'une organisation doit être un nombre entier, pas {value}",
            "saisissez 0, 1, 2 ou 3 ; cco calcule les moyennes",
        ),
    },
    "CCO204": {
        "en": (
            "{id} has no {criteria} score",
            "fill in the score, or the item is averaged over what it has",
        ),
        "es": (
            "{id} no tiene puntaje de {criteria}",
            "complete el puntaje; si no, el ítem se promedia con lo que tiene",
        ),
        "pt": (
            "{id} não tem nota de {criteria}",
            "preencha a nota; senão o item é calculado com o que tem",
        ),
        "fr": (
            "{id} n'a pas de note de {criteria}",
            "remplissez la note ; sinon l'élément est moyenné sur ce qu'il a",
        ),
    },
    "CCO204/unscored": {
        "en": ("{id} is not yet scored", "fill in its R, E and S scores"),
        "es": ("{id} todavía no tiene puntajes", "complete sus puntajes R, E y S"),
        "pt": ("{id} ainda não foi avaliado", "preencha as notas R, E e S"),
        "fr": ("{id} n'est pas encore noté", "remplissez ses notes R, E et S"),
    },
    "CCO205/value": {
        "en": ("'{value}' is not a summit", "write VIII (Lima 2018) or IX (Los Angeles 2022)"),
        "es": ("'{value}' no es una cumbre", "escriba VIII (Lima 2018) o IX (Los Ángeles 2022)"),
        "pt": ("'{value}' não é uma cúpula", "escreva VIII (Lima 2018) ou IX (Los Angeles 2022)"),
        "fr": (
            "« {value} » n'est pas un sommet",
            "écrivez VIII (Lima 2018) ou IX (Los Angeles 2022)",
        ),
    },
    "CCO205/title": {
        "en": (
            "'{value}' looks like a summit title, but names neither VIII nor IX clearly",
            "write 'VIII Summit' or 'IX Summit' in the title, or add a Summit column",
        ),
        "es": (
            "'{value}' parece un título de cumbre, pero no dice claramente VIII ni IX",
            "escriba 'Cumbre VIII' o 'Cumbre IX' en el título, o agregue una columna Cumbre",
        ),
        "pt": (
            "'{value}' parece um título de cúpula, mas não diz claramente VIII nem IX",
            "escreva 'Cúpula VIII' ou 'Cúpula IX' no título, ou adicione uma coluna Cúpula",
        ),
        "fr": (
            "« {value} » ressemble à un titre de sommet, mais ne dit clairement ni VIII ni IX",
            "écrivez « Sommet VIII » ou « Sommet IX » dans le titre, ou ajoutez une colonne Sommet",
        ),
    },
    "CCO205/unknown": {
        "en": (
            "cannot tell which summit this row belongs to",
            "add a Summit column, an id such as VIII-25, or a title row 'VIII Summit'",
        ),
        "es": (
            "no se sabe a qué cumbre pertenece esta fila",
            "agregue una columna Cumbre, un id como VIII-25 o una fila de título 'Cumbre VIII'",
        ),
        "pt": (
            "não se sabe a qual cúpula pertence esta linha",
            "adicione uma coluna Cúpula, um id como VIII-25 ou uma linha de título 'Cúpula VIII'",
        ),
        "fr": (
            "impossible de savoir à quel sommet appartient cette ligne",
            "ajoutez une colonne Sommet, un id comme VIII-25 ou une ligne de titre « Sommet VIII »",
        ),
    },
    "CCO206/theme": {
        "en": ("'{value}' is not a theme", "write the theme number 1-5, or the IX plan letter A-E"),
        "es": (
            "'{value}' no es un tema",
            "escriba el número de tema 1-5, o la letra del plan IX A-E",
        ),
        "pt": (
            "'{value}' não é um eixo",
            "escreva o número do eixo 1-5, ou a letra do plano IX A-E",
        ),
        "fr": (
            "« {value} » n'est pas un thème",
            "écrivez le numéro du thème 1-5, ou la lettre du plan IX A-E",
        ),
    },
    "CCO206/plan": {
        "en": ("'{value}' is not an action plan", "write the plan letter A-E"),
        "es": ("'{value}' no es un plan de acción", "escriba la letra del plan A-E"),
        "pt": ("'{value}' não é um plano de ação", "escreva a letra do plano A-E"),
        "fr": ("« {value} » n'est pas un plan d'action", "écrivez la lettre du plan A-E"),
    },
    "CCO206/no-plan": {
        "en": (
            "cannot tell which action plan this IX row belongs to",
            "add a Plan column (A-E), or a title row such as 'C. Regional Agenda ...'",
        ),
        "es": (
            "no se sabe a qué plan de acción pertenece esta fila de la IX",
            "agregue una columna Plan (A-E) o una fila de título como 'C. Agenda Regional ...'",
        ),
        "pt": (
            "não se sabe a qual plano de ação pertence esta linha da IX",
            "adicione uma coluna Plano (A-E) ou uma linha de título como 'C. Agenda Regional ...'",
        ),
        "fr": (
            "impossible de savoir à quel plan d'action appartient cette ligne du IX",
            "ajoutez une colonne Plan (A-E) ou une ligne de titre comme « C. Agenda régional ... »",
        ),
    },
    "CCO206/no-theme": {
        "en": (
            "cannot tell which theme {id} belongs to",
            "add a Theme column or a title row such as 'Theme 2: ...'",
        ),
        "es": (
            "no se sabe a qué tema pertenece {id}",
            "agregue una columna Tema o una fila de título como 'Tema 2: ...'",
        ),
        "pt": (
            "não se sabe a qual eixo pertence {id}",
            "adicione uma coluna Eixo ou uma linha de título como 'Eixo 2: ...'",
        ),
        "fr": (
            "impossible de savoir à quel thème appartient {id}",
            "ajoutez une colonne Thème ou une ligne de titre comme « Thème 2 : ... »",
        ),
    },
    "CCO207/id": {
        "en": ("'{value}' is not an item id", "write ids as VIII-25, IX-A-3D or IX-C-17"),
        "es": ("'{value}' no es un id de ítem", "escriba los id como VIII-25, IX-A-3D o IX-C-17"),
        "pt": ("'{value}' não é um id de item", "escreva os ids como VIII-25, IX-A-3D ou IX-C-17"),
        "fr": (
            "« {value} » n'est pas un identifiant d'élément",
            "écrivez les id comme VIII-25, IX-A-3D ou IX-C-17",
        ),
    },
    "CCO207/unreadable": {
        "en": (
            "no commitment number in '{value}'",
            "start the cell with the commitment's number, e.g. '25. Encouraging ...'",
        ),
        "es": (
            "no hay número de compromiso en '{value}'",
            "empiece la celda con el número del compromiso, p. ej. '25. Fomentar ...'",
        ),
        "pt": (
            "não há número de compromisso em '{value}'",
            "comece a célula com o número do compromisso, p. ex. '25. Incentivar ...'",
        ),
        "fr": (
            "aucun numéro d'engagement dans « {value} »",
            "commencez la cellule par le numéro de l'engagement, p. ex. « 25. Encourager ... »",
        ),
    },
    "CCO207/missing": {
        "en": (
            "this row has scores but names no commitment",
            "fill in the commitment number, or an id such as VIII-25",
        ),
        "es": (
            "esta fila tiene puntajes pero no nombra ningún compromiso",
            "complete el número de compromiso o un id como VIII-25",
        ),
        "pt": (
            "esta linha tem notas mas não indica nenhum compromisso",
            "preencha o número do compromisso ou um id como VIII-25",
        ),
        "fr": (
            "cette ligne a des notes mais ne nomme aucun engagement",
            "indiquez le numéro de l'engagement ou un id comme VIII-25",
        ),
    },
    "CCO207/bad-sub": {
        "en": (
            "'{value}' does not start with a sub-commitment letter",
            "write the sub-commitment as a letter, e.g. 'D' or 'D. Promote ...'",
        ),
        "es": (
            "'{value}' no empieza con la letra de un subcompromiso",
            "escriba el subcompromiso como una letra, p. ej. 'D' o 'D. Promover ...'",
        ),
        "pt": (
            "'{value}' não começa com a letra de um subcompromisso",
            "escreva o subcompromisso como uma letra, p. ex. 'D' ou 'D. Promover ...'",
        ),
        "fr": (
            "« {value} » ne commence pas par la lettre d'un sous-engagement",
            "écrivez le sous-engagement comme une lettre, p. ex. « D » ou « D. Promouvoir ... »",
        ),
    },
    "CCO208": {
        "en": (
            "{id} cannot exist: the Lima Commitment numbers its commitments 1-{max}",
            "check the commitment number",
        ),
        "es": (
            "{id} no puede existir: el Compromiso de Lima numera sus compromisos del 1 al {max}",
            "revise el número del compromiso",
        ),
        "pt": (
            "{id} não pode existir: o Compromisso de Lima numera seus compromissos de 1 a {max}",
            "verifique o número do compromisso",
        ),
        "fr": (
            "{id} ne peut pas exister : l'Engagement de Lima numérote ses engagements de 1 à {max}",
            "vérifiez le numéro de l'engagement",
        ),
    },
    "CCO209": {
        "en": (
            "'{value}' looks like a title, a total or an average, not a commitment: its numbers are not scored",
            "scores are computed by cco; delete the row if it only repeats them",
        ),
        "es": (
            "'{value}' parece un título, un total o un promedio, no un compromiso: sus números no se puntúan",
            "cco calcula los promedios; borre la fila si solo los repite",
        ),
        "pt": (
            "'{value}' parece um título, um total ou uma média, não um compromisso: seus números não são avaliados",
            "o cco calcula as médias; apague a linha se ela só as repete",
        ),
        "fr": (
            "« {value} » ressemble à un titre, un total ou une moyenne, pas à un engagement : ses nombres ne sont pas notés",
            "cco calcule les moyennes ; supprimez la ligne si elle ne fait que les répéter",
        ),
    },
    "CCO301": {
        "en": (
            "{id} is scored twice: also in sheet '{other_sheet}' row {other_row}",
            "keep one row per item, or add an Organization column for raters",
        ),
        "es": (
            "{id} está puntuado dos veces: también en la hoja '{other_sheet}' fila {other_row}",
            "deje una fila por ítem, o agregue una columna Organización para los evaluadores",
        ),
        "pt": (
            "{id} foi avaliado duas vezes: também na planilha '{other_sheet}' linha {other_row}",
            "mantenha uma linha por item, ou adicione uma coluna Organização para os avaliadores",
        ),
        "fr": (
            "{id} est noté deux fois : aussi dans la feuille « {other_sheet} » ligne {other_row}",
            "gardez une ligne par élément, ou ajoutez une colonne Organisation pour les évaluateurs",
        ),
    },
    "CCO302": {
        "en": (
            "a sub-commitment with no commitment above it",
            "write the commitment number in the row of its first sub-commitment",
        ),
        "es": (
            "un subcompromiso sin compromiso encima",
            "escriba el número del compromiso en la fila de su primer subcompromiso",
        ),
        "pt": (
            "um subcompromisso sem compromisso acima",
            "escreva o número do compromisso na linha do seu primeiro subcompromisso",
        ),
        "fr": (
            "un sous-engagement sans engagement au-dessus",
            "écrivez le numéro de l'engagement sur la ligne de son premier sous-engagement",
        ),
    },
    "CCO303": {
        "en": (
            "a change of {delta} from {value} puts Phase 1 at {phase1}, outside 0-{max}",
            "the change is current minus Phase 1: check its sign",
        ),
        "es": (
            "una variación de {delta} desde {value} deja la Fase 1 en {phase1}, fuera de 0-{max}",
            "la variación es actual menos Fase 1: revise el signo",
        ),
        "pt": (
            "uma variação de {delta} a partir de {value} coloca a Fase 1 em {phase1}, fora de 0-{max}",
            "a variação é atual menos Fase 1: verifique o sinal",
        ),
        "fr": (
            "une variation de {delta} depuis {value} place la Phase 1 à {phase1}, hors de 0-{max}",
            "la variation est actuel moins Phase 1 : vérifiez le signe",
        ),
    },
    "CCO304": {
        "en": (
            "{summit} theme {theme} is named '{name}' here but '{other_name}' in sheet '{other_sheet}' row {other_row}",
            "use one name per theme",
        ),
        "es": (
            "el tema {theme} de la {summit} se llama '{name}' aquí pero '{other_name}' en la hoja '{other_sheet}' fila {other_row}",
            "use un solo nombre por tema",
        ),
        "pt": (
            "o eixo {theme} da {summit} se chama '{name}' aqui mas '{other_name}' na planilha '{other_sheet}' linha {other_row}",
            "use um só nome por eixo",
        ),
        "fr": (
            "le thème {theme} du {summit} s'appelle « {name} » ici mais « {other_name} » dans la feuille « {other_sheet} » ligne {other_row}",
            "utilisez un seul nom par thème",
        ),
    },
    "CCO305/plan": {
        "en": (
            "theme {theme} and plan {plan} disagree",
            "in the IX Summit theme n is plan n: 1 = A ... 5 = E",
        ),
        "es": (
            "el tema {theme} y el plan {plan} no coinciden",
            "en la IX Cumbre el tema n es el plan n: 1 = A ... 5 = E",
        ),
        "pt": (
            "o eixo {theme} e o plano {plan} não coincidem",
            "na IX Cúpula o eixo n é o plano n: 1 = A ... 5 = E",
        ),
        "fr": (
            "le thème {theme} et le plan {plan} ne concordent pas",
            "au IXe Sommet le thème n est le plan n : 1 = A ... 5 = E",
        ),
    },
    "CCO305/id": {
        "en": (
            "the id says plan {id_plan} but the theme is plan {plan}",
            "in the IX Summit theme n is plan n: 1 = A ... 5 = E",
        ),
        "es": (
            "el id dice plan {id_plan} pero el tema es el plan {plan}",
            "en la IX Cumbre el tema n es el plan n: 1 = A ... 5 = E",
        ),
        "pt": (
            "o id diz plano {id_plan} mas o eixo é o plano {plan}",
            "na IX Cúpula o eixo n é o plano n: 1 = A ... 5 = E",
        ),
        "fr": (
            "l'id indique le plan {id_plan} mais le thème est le plan {plan}",
            "au IXe Sommet le thème n est le plan n : 1 = A ... 5 = E",
        ),
    },
    "CCO306/missing": {
        "en": ("{id} is in the baseline but not in this sheet", None),
        "es": ("{id} está en la línea de base pero no en esta hoja", None),
        "pt": ("{id} está na linha de base mas não nesta planilha", None),
        "fr": ("{id} est dans la référence mais pas dans cette feuille", None),
    },
    "CCO306/disagrees": {
        "en": (
            "{id} {criterion}: the sheet's change {delta} disagrees with the baseline ({value} - {phase1}); the baseline is used",
            None,
        ),
        "es": (
            "{id} {criterion}: la variación de la hoja {delta} no coincide con la línea de base ({value} - {phase1}); se usa la línea de base",
            None,
        ),
        "pt": (
            "{id} {criterion}: a variação da planilha {delta} não coincide com a linha de base ({value} - {phase1}); usa-se a linha de base",
            None,
        ),
        "fr": (
            "{id} {criterion} : la variation de la feuille {delta} ne concorde pas avec la référence ({value} - {phase1}) ; la référence est utilisée",
            None,
        ),
    },
    "CCO312": {
        "en": (
            "{organization} rates {id} again (first in sheet '{other_sheet}' row {other_row}): both ratings count",
            "delete one row, or name rating rounds apart ('{organization}, round 2') if both are meant",
        ),
        "es": (
            "{organization} vuelve a calificar {id} (primero en la hoja '{other_sheet}' fila {other_row}): cuentan ambas calificaciones",
            "borre una fila, o distinga las rondas ('{organization}, ronda 2') si ambas valen",
        ),
        "pt": (
            "{organization} avalia {id} de novo (primeiro na planilha '{other_sheet}' linha {other_row}): as duas notas contam",
            "apague uma linha, ou distinga as rodadas ('{organization}, rodada 2') se ambas valem",
        ),
        "fr": (
            "{organization} note à nouveau {id} (d'abord dans la feuille « {other_sheet} » ligne {other_row}) : les deux notes comptent",
            "supprimez une ligne, ou distinguez les tours (« {organization}, tour 2 ») si les deux sont voulues",
        ),
    },
    "CCO311": {
        "en": (
            "{country} ({phase}) is given twice: by {other} and by this file",
            "keep one sheet per country and phase",
        ),
        "es": (
            "{country} ({phase}) aparece dos veces: en {other} y en este archivo",
            "deje una hoja por país y fase",
        ),
        "pt": (
            "{country} ({phase}) aparece duas vezes: em {other} e neste arquivo",
            "mantenha uma planilha por país e fase",
        ),
        "fr": (
            "{country} ({phase}) est donné deux fois : par {other} et par ce fichier",
            "gardez une feuille par pays et par phase",
        ),
    },
    "CCO309": {
        "en": (
            "{id} is not in the catalog",
            "add it to your catalog file (--catalog) or check the number",
        ),
        "es": (
            "{id} no está en el catálogo",
            "agréguelo a su catálogo (--catalog) o revise el número",
        ),
        "pt": (
            "{id} não está no catálogo",
            "adicione-o ao seu catálogo (--catalog) ou verifique o número",
        ),
        "fr": (
            "{id} n'est pas dans le catalogue",
            "ajoutez-le à votre catalogue (--catalog) ou vérifiez le numéro",
        ),
    },
    "CCO310": {
        "en": (
            "{id}: the sheet's {field} '{value}' disagrees with the catalog's '{expected}'",
            None,
        ),
        "es": (
            "{id}: {field} de la hoja '{value}' no coincide con el del catálogo '{expected}'",
            None,
        ),
        "pt": (
            "{id}: {field} da planilha '{value}' não coincide com o do catálogo '{expected}'",
            None,
        ),
        "fr": (
            "{id} : {field} de la feuille « {value} » ne concorde pas avec celui du catalogue « {expected} »",
            None,
        ),
    },
}

# Words of the reports around the problems: severities, the hint label, summary lines.
UI_TEXTS: dict[str, dict[str, str]] = {
    "error": {"en": "error", "es": "error", "pt": "erro", "fr": "erreur"},
    "warning": {"en": "warning", "es": "aviso", "pt": "aviso", "fr": "avertissement"},
    "hint": {"en": "hint", "es": "sugerencia", "pt": "dica", "fr": "conseil"},
    "sheet": {"en": "sheet", "es": "hoja", "pt": "planilha", "fr": "feuille"},
    "row": {"en": "row", "es": "fila", "pt": "linha", "fr": "ligne"},
    "column": {"en": "column", "es": "columna", "pt": "coluna", "fr": "colonne"},
    "unranked": {
        "en": "{summit}: no item has a value to rank by ({metric}); items are listed unranked",
        "es": "{summit}: ningún ítem tiene un valor para ordenar ({metric}); se listan sin puesto",
        "pt": "{summit}: nenhum item tem valor para ordenar ({metric}); são listados sem posição",
        "fr": "{summit} : aucun item n'a de valeur pour le classement ({metric}) ; listés sans rang",
    },
    "not-scored": {
        "en": "{count} error(s) in {file}; nothing was scored",
        "es": "{count} error(es) en {file}; no se puntuó nada",
        "pt": "{count} erro(s) em {file}; nada foi avaliado",
        "fr": "{count} erreur(s) dans {file} ; rien n'a été noté",
    },
    "summary": {
        "en": "{files}, {files_with_errors} with errors, {errors}, {warnings}",
        "es": "{files}, {files_with_errors} con errores, {errors}, {warnings}",
        "pt": "{files}, {files_with_errors} com erros, {errors}, {warnings}",
        "fr": "{files}, {files_with_errors} avec erreurs, {errors}, {warnings}",
    },
    "more-not-in-catalog": {
        "en": "... and {count} more items not in the catalog [CCO309] (cco validate lists them all; --no-catalog turns the check off)",
        "es": "... y {count} ítems más que no están en el catálogo [CCO309] (cco validate los lista todos; --no-catalog desactiva la revisión)",
        "pt": "... e mais {count} itens que não estão no catálogo [CCO309] (cco validate lista todos; --no-catalog desliga a verificação)",
        "fr": "... et {count} éléments de plus absents du catalogue [CCO309] (cco validate les liste tous ; --no-catalog désactive la vérification)",
    },
    "clean": {
        "en": "no problems",
        "es": "sin problemas",
        "pt": "sem problemas",
        "fr": "aucun problème",
    },
    "not-annotated": {
        "en": "{count} more problems were not annotated (GitHub shows {limit} per kind); all are listed above",
        "es": "{count} problemas más no se anotaron (GitHub muestra {limit} por tipo); todos están arriba",
        "pt": "{count} problemas a mais não foram anotados (o GitHub mostra {limit} por tipo); todos estão acima",
        "fr": "{count} problèmes de plus n'ont pas été annotés (GitHub en montre {limit} par type) ; tous sont listés ci-dessus",
    },
}


COUNTED: dict[str, dict[str, tuple[str, str]]] = {
    "files": {
        "en": ("file", "files"),
        "es": ("archivo", "archivos"),
        "pt": ("arquivo", "arquivos"),
        "fr": ("fichier", "fichiers"),
    },
    "errors": {
        "en": ("error", "errors"),
        "es": ("error", "errores"),
        "pt": ("erro", "erros"),
        "fr": ("erreur", "erreurs"),
    },
    "warnings": {
        "en": ("warning", "warnings"),
        "es": ("aviso", "avisos"),
        "pt": ("aviso", "avisos"),
        "fr": ("avertissement", "avertissements"),
    },
}
"""Singular and plural of the things report lines count."""


def counted(count: int, what: str, lang: str = "en") -> str:
    """'1 file', '2 files', '0 warnings'; French is singular for 0 and 1 ('0 erreur')."""
    singular, plural = COUNTED[what].get(lang) or COUNTED[what]["en"]
    one = count <= 1 if lang == "fr" else count == 1
    return f"{count} {singular if one else plural}"


def ui_text(key: str, lang: str = "en", **params: object) -> str:
    """A report word or line in a language ('summary', 'clean', 'error' ...)."""
    texts = UI_TEXTS[key]
    return (texts.get(lang) or texts["en"]).format(**params)


CRITERION_NAMES: dict[str, dict[str, str]] = {
    "relevance": {"en": "relevance", "es": "relevancia", "pt": "relevância", "fr": "pertinence"},
    "effectiveness": {
        "en": "effectiveness",
        "es": "eficacia",
        "pt": "eficácia",
        "fr": "efficacité",
    },
    "sustainability": {
        "en": "sustainability",
        "es": "sostenibilidad",
        "pt": "sustentabilidade",
        "fr": "durabilité",
    },
}
_OR = {"en": " or ", "es": " o ", "pt": " ou ", "fr": " ou "}

PARAM_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "kind": {  # what a misnamed file holds (CCO102/kind)
        "ods": {
            "en": "an OpenDocument spreadsheet",
            "es": "una hoja de cálculo OpenDocument",
            "pt": "uma planilha OpenDocument",
            "fr": "un classeur OpenDocument",
        },
        "xlsx": {
            "en": "an Excel workbook",
            "es": "un libro de Excel",
            "pt": "uma pasta de trabalho do Excel",
            "fr": "un classeur Excel",
        },
        "zip": {
            "en": "a zip archive, not a spreadsheet",
            "es": "un archivo zip, no una hoja de cálculo",
            "pt": "um arquivo zip, não uma planilha",
            "fr": "une archive zip, pas un classeur",
        },
    },
    "field": {  # what disagrees with the catalog (CCO310)
        "theme": {"en": "theme", "es": "el tema", "pt": "o tema", "fr": "le thème"},
        "text": {"en": "text", "es": "el texto", "pt": "o texto", "fr": "le texte"},
        "commitment text": {
            "en": "commitment text",
            "es": "el texto del compromiso",
            "pt": "o texto do compromisso",
            "fr": "le texte de l'engagement",
        },
    },
}
"""Parameter values that are words, by parameter, value and language."""


def code_of(key: str) -> str:
    """The problem code of a message key ('CCO102/text' -> 'CCO102')."""
    return key.split("/", 1)[0]


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language from CCO_LANG, LANGUAGE, LC_ALL, LC_MESSAGES or LANG; English otherwise."""
    environ = os.environ if environ is None else environ
    for name in ("CCO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        for part in value.split(":"):
            code = part[:2].lower()
            if code in LANGUAGES:
                return code
    return "en"


def _localize_params(params: Mapping[str, object], lang: str) -> dict[str, object]:
    local = dict(params)
    for name, words in PARAM_WORDS.items():
        value = local.get(name)
        if isinstance(value, str) and value in words:
            local[name] = words[value].get(lang) or words[value]["en"]
    if "criterion" in local and isinstance(local["criterion"], str):
        local["criterion"] = CRITERION_NAMES.get(local["criterion"], {}).get(
            lang, local["criterion"]
        )
    if "criteria" in local and isinstance(local["criteria"], list | tuple):
        names = [CRITERION_NAMES.get(c, {}).get(lang, c) for c in local["criteria"]]
        local["criteria"] = _OR[lang].join(names)
    return local


def render(key: str, params: Mapping[str, object], lang: str = "en") -> tuple[str, str | None]:
    """The message and hint of a key in a language, with its parameters filled in."""
    templates = MESSAGES[key]
    message, hint = templates.get(lang) or templates["en"]
    local = _Params(_localize_params(params, lang))
    return message.format_map(local), hint.format_map(local) if hint else None


class _Params(dict[str, object]):
    """Template values; a value a template names but nobody gave shows as '?', never a crash."""

    def __missing__(self, key: str) -> str:
        return "?"
