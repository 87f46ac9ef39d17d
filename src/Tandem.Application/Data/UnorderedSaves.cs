using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Update;
#pragma warning disable EF1001 // CommandBatchPreparer is EF Core's own preparer, public but internal API: extended, not copied (ADR 49)
using Microsoft.EntityFrameworkCore.Update.Internal;

namespace Tandem.Application.Data;

/// <summary>
/// EF Core's batch preparer, without its dependency sort for a save whose statements cannot depend on each other
/// (ADR 49). EF Core sorts every save's statements by the foreign keys, keys and unique indexes between them: for a
/// row of <c>backlog_items</c>, which some thirty tables reference, that walk was a twelfth of the server's CPU in an
/// item's update or move, to order statements that had no order to keep (an update of the item's own columns, a
/// history line, a decision). A save is left unsorted only when no statement in it deletes a row, no update writes a
/// column that is part of a key, a foreign key or a unique index, and no inserted row references the table of another
/// inserted row: then the sort would find no edge, and its one set is the statements in EF Core's own order of
/// statements (<see cref="CommandBatchPreparerDependencies.ModificationCommandComparer"/>). Anything else (a create
/// with its history line, a delete, an item given an epic) is sorted by EF Core as before.
/// </summary>
public sealed class UnorderedSaves(CommandBatchPreparerDependencies dependencies) : CommandBatchPreparer(dependencies)
{
    /// <summary>Whether this context's last save was sorted by EF Core (null before its first save): for the tests.</summary>
    public bool? LastSorted { get; private set; }

    public override IReadOnlyList<List<IReadOnlyModificationCommand>> TopologicalSort(IEnumerable<IReadOnlyModificationCommand> commands)
    {
        if (commands is IReadOnlyList<IReadOnlyModificationCommand> list && Unordered(list))
        {
            LastSorted = false;
            var one = new List<IReadOnlyModificationCommand>(list);
            one.Sort(Dependencies.ModificationCommandComparer);
            return [one];
        }
        LastSorted = true;
        return base.TopologicalSort(commands);
    }

    /// <summary>Whether no two of <paramref name="commands"/> could have to run in a given order (see the class).</summary>
    internal static bool Unordered(IReadOnlyList<IReadOnlyModificationCommand> commands)
    {
        // The tables rows are inserted into, each with how many.
        Dictionary<string, (ITable Table, int Rows)>? added = null;
        foreach (var command in commands)
        {
            // A table shared by several entity types, or a statement without a table (a stored procedure): EF Core decides.
            if (command.Table is not { IsShared: false } table || command.Entries.Count != 1) return false;
            switch (command.EntityState)
            {
                case EntityState.Added:
                    added ??= new(StringComparer.Ordinal);
                    added[table.SchemaQualifiedName] = (table, added.GetValueOrDefault(table.SchemaQualifiedName).Rows + 1);
                    break;
                case EntityState.Modified:
                    var ordered = Of(table).Columns;
                    foreach (var column in command.ColumnModifications)
                        if (column.IsWrite && (column.JsonPath is not null || ordered.Contains(column.ColumnName))) return false;
                    break;
                default:
                    return false;
            }
        }
        if (added is null) return true;
        // A row inserted into a table that another inserted row's foreign keys reference (its own table, when two rows
        // go into it): in order. Asked per table, not per pair of rows, so a save of thousands of rows stays linear.
        foreach (var (name, (table, rows)) in added)
            foreach (var principal in Of(table).Principals)
                if (added.ContainsKey(principal) && (principal != name || rows > 1)) return false;
        return true;
    }

    /// <summary>Per table: the columns whose change orders statements, and the tables its rows reference.</summary>
    private sealed record TableOrder(FrozenSet<string> Columns, FrozenSet<string> Principals);

    private static readonly ConditionalWeakTable<ITable, TableOrder> Orders = [];

    private static TableOrder Of(ITable table) => Orders.GetValue(table, static table =>
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        var principals = new HashSet<string>(StringComparer.Ordinal);
        if (table.PrimaryKey is { } key) columns.UnionWith(key.Columns.Select(c => c.Name));
        foreach (var unique in table.UniqueConstraints) columns.UnionWith(unique.Columns.Select(c => c.Name));
        foreach (var index in table.Indexes.Where(i => i.IsUnique)) columns.UnionWith(index.Columns.Select(c => c.Name));
        foreach (var foreignKey in table.ForeignKeyConstraints)
        {
            columns.UnionWith(foreignKey.Columns.Select(c => c.Name));
            principals.Add(foreignKey.PrincipalTable.SchemaQualifiedName);
        }
        foreach (var referencing in table.ReferencingForeignKeyConstraints) columns.UnionWith(referencing.PrincipalColumns.Select(c => c.Name));
        // The model's own keys and foreign keys too, mapped to a constraint or not.
        var store = StoreObjectIdentifier.Table(table.Name, table.Schema);
        foreach (var mapping in table.EntityTypeMappings)
        {
            var type = (IEntityType)mapping.TypeBase;
            foreach (var property in type.GetProperties())
                if ((property.IsKey() || property.IsForeignKey() || property.IsUniqueIndex()) && property.GetColumnName(store) is { } name)
                    columns.Add(name);
            foreach (var foreignKey in type.GetForeignKeys())
                if (foreignKey.PrincipalEntityType.GetTableName() is { } principal)
                    principals.Add(foreignKey.PrincipalEntityType.GetSchema() is { } schema ? $"{schema}.{principal}" : principal);
        }
        return new TableOrder(columns.ToFrozenSet(StringComparer.Ordinal), principals.ToFrozenSet(StringComparer.Ordinal));
    });
}
